import KBData

/// The plan elements of the XML report (issue 6), as `schemas/hotfix-report.xsd` gives them.
extension XMLReportWriter {
  /// `<plan>` inside `<host>`: the steps in order, each with the rules it settles.
  func write(_ plan: HostPlan) {
    xml.startElement("plan")
    for (number, step) in plan.steps.enumerated() {
      xml.startElement("step")
      xml.attribute("order", String(number + 1))
      xml.attribute("action", step.action.rawValue)
      if let pack = step.servicePack { xml.attribute("service-pack", pack.rawValue) }
      if let hotfix = step.hotfix { xml.attribute("hotfix", hotfix) }
      if let title = step.title { xml.attribute("title", title) }
      if !step.covers.isEmpty { xml.attribute("covers", step.covers.joined(separator: " ")) }
      if !step.bulletins.isEmpty { xml.attribute("bulletins", step.bulletins.joined(separator: " ")) }
      for settled in step.settles {
        xml.startElement("settles")
        xml.attribute("rule", settled.rule)
        xml.attribute("reason", settled.reason)
        xml.endElement()
      }
      for rule in step.enables {
        xml.startElement("enables")
        xml.attribute("rule", rule)
        xml.endElement()
      }
      xml.endElement()
    }
    xml.endElement()
  }

  /// `<plan>` before `<summary>`: each kind of step with its hosts and the rules it settles.
  func write(_ plan: FleetPlan) {
    xml.startElement("plan")
    xml.attribute("hosts", String(plan.hosts))
    for entry in plan.steps {
      xml.startElement("step")
      xml.attribute("action", entry.action.rawValue)
      if let pack = entry.servicePack { xml.attribute("service-pack", pack.rawValue) }
      if let hotfix = entry.hotfix { xml.attribute("hotfix", hotfix) }
      if let title = entry.title { xml.attribute("title", title) }
      xml.attribute("hosts", String(entry.hosts))
      xml.attribute("settles", String(entry.settles))
      if entry.enables > 0 { xml.attribute("enables", String(entry.enables)) }
      if !entry.bulletins.isEmpty { xml.attribute("bulletins", entry.bulletins.joined(separator: " ")) }
      xml.endElement()
    }
    xml.endElement()
  }

  /// The attributes of a rule the ignore list skipped.
  static func write(_ mark: IgnoreMark, to xml: XMLTreeWriter) {
    xml.attribute("ignored-reason", mark.reason)
    xml.attribute("ignored-verdict", mark.verdict.rawValue)
    if let until = mark.until { xml.attribute("ignored-until", until.description) }
  }
}
