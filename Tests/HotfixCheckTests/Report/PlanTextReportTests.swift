import Foundation
import KBData
import Testing

@testable import HotfixCheck

@Suite struct PlanTextReportTests {
  @Test func textReportCarriesHostAndFleetPlans() {
    let text = renderExampleFleet(PlanTextReportWriter())
    #expect(
      text.contains(
        """
          plan:
            1. install SP5
               needed first by Q256149
            2. install Q256149  Memory Leak Using Multiple Threads to Call CoGetClassObject()
               settles Q256149
        """))
    #expect(text.contains("  reinstall Q256149 on 1 host: settles 1 rule\n"))
    #expect(
      text.contains(
        "Plan for the fleet (5 hosts with something to install):\n  install SP5 on 1 host: settles 0 rules (needed first by 1 rule)\n"))
  }
}
