import KBData

/// The plan elements of the XML report (issue 6), as `schemas/hotfix-report.xsd` gives them.
extension XMLReportWriter {
  /// `<plan>` inside `<host>`: the steps in order, each with the rules it settles.
  static func write(_ plan: HostPlan, _ out: inout [UInt8]) {
    guard !plan.steps.isEmpty else {
      out.append(markup: "    <plan/>\n")
      return
    }
    out.append(markup: "    <plan>\n")
    for (number, step) in plan.steps.enumerated() {
      out.append(markup: "      <step")
      attribute("order", String(number + 1), &out)
      attribute("action", step.action.rawValue, &out)
      if let pack = step.servicePack { attribute("service-pack", pack.rawValue, &out) }
      if let hotfix = step.hotfix { attribute("hotfix", hotfix, &out) }
      if let title = step.title { attribute("title", title, &out) }
      if !step.covers.isEmpty { attribute("covers", step.covers.joined(separator: " "), &out) }
      if !step.bulletins.isEmpty { attribute("bulletins", step.bulletins.joined(separator: " "), &out) }
      guard !step.settles.isEmpty || !step.enables.isEmpty else {
        out.append(markup: "/>\n")
        continue
      }
      out.append(markup: ">\n")
      for settled in step.settles {
        out.append(markup: "        <settles")
        attribute("rule", settled.rule, &out)
        attribute("reason", settled.reason, &out)
        out.append(markup: "/>\n")
      }
      for rule in step.enables {
        out.append(markup: "        <enables")
        attribute("rule", rule, &out)
        out.append(markup: "/>\n")
      }
      out.append(markup: "      </step>\n")
    }
    out.append(markup: "    </plan>\n")
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
}
