<?xml version="1.0" encoding="UTF-8"?>
<!--
  hotfix-check: the XML report (schemas/hotfix-report.xsd) as one self-contained HTML page.
  No scripts, no network, no other files: the chart is inline SVG, the style is inline CSS.
  The html report format of `hotfix-check check` and `audit` applies it with libxslt; a browser
  applies it to an XML report that carries <?xml-stylesheet type="text/xsl" href="report-html.xsl"?>.
  The build embeds this file in the binary (the EmbedResources plugin).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <!-- Which part to make: the whole 'page'; or, for a large fleet, the 'head' (everything but
       the host sections, which it marks with a comment) and each 'host' section apart,
       numbered by `number`; HTMLReportWriter joins them. -->
  <xsl:param name="part" select="'page'"/>
  <xsl:param name="number" select="1"/>

  <xsl:variable name="hosts" select="count(/hotfix-report/host)"/>
  <!-- Hosts by verdict, so counting them stays linear on a fleet of thousands. -->
  <xsl:key name="by-verdict" match="host" use="@verdict"/>
  <!-- Rules a host's service pack step settles: "host-id rule-id". -->
  <xsl:key name="pack-settles" match="host/plan/step[@action = 'install-service-pack']/settles" use="concat(generate-id(../../..), ' ', @rule)"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$part = 'host'">
        <xsl:apply-templates select="hotfix-report/host"><xsl:with-param name="n" select="$number"/></xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="page"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="page">
    <html lang="en">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>hotfix-check report, <xsl:value-of select="hotfix-report/@generated"/></title>
        <style>
          body { font: 14px/1.4 "DejaVu Sans", Verdana, sans-serif; margin: 1.5em 2em; color: #1d2125; background: #fff; }
          h1 { font-size: 1.6em; margin: 0 0 .2em; }
          h2 { font-size: 1.25em; margin: 1.6em 0 .5em; border-bottom: 2px solid #d0d7de; padding-bottom: .2em; }
          h3 { font-size: 1.1em; margin: 1.4em 0 .4em; }
          .meta { color: #57606a; margin: 0 0 1em; }
          table { border-collapse: collapse; margin: .4em 0 1em; }
          th, td { border: 1px solid #d0d7de; padding: .25em .6em; text-align: left; vertical-align: top; }
          th { background: #f3f5f7; }
          td.n { text-align: right; font-variant-numeric: tabular-nums; }
          .verdict { display: inline-block; padding: 0 .5em; border-radius: .6em; font-size: .9em; white-space: nowrap; color: #fff; }
          .v-error { background: #6e2594; } .v-regressed { background: #b3261e; } .v-fix-needed { background: #d9480f; }
          .v-prerequisite-missing { background: #b58100; } .v-unknown { background: #6a737d; } .v-up-to-date { background: #1a7f37; }
          .v-ignored { background: #8c959f; } .v-not-applicable { background: #afb8c1; color: #1d2125; }
          .host { border: 1px solid #d0d7de; border-radius: 6px; padding: .2em 1em .6em; margin: 1em 0; }
          .host h3 { margin-top: .6em; }
          ol.plan { margin: .3em 0 .8em; padding-left: 1.6em; }
          ol.plan li { margin: .2em 0; }
          .step { font-weight: bold; }
          .settles { color: #3a4148; }
          .reason { color: #3a4148; }
          .older { color: #b3261e; font-weight: bold; }
          .current { color: #1a7f37; }
          .undecided { color: #6a737d; }
          details { margin: .3em 0; color: #3a4148; }
          details summary { cursor: pointer; }
          .none { color: #57606a; font-style: italic; }
          td.level { white-space: nowrap; }
          .bulletin { font-weight: bold; color: #b3261e; }
          code { font-family: "DejaVu Sans Mono", monospace; font-size: .92em; }
          svg text { font: 13px "DejaVu Sans", Verdana, sans-serif; }
        </style>
      </head>
      <body>
        <xsl:apply-templates select="hotfix-report"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="hotfix-report">
    <h1>hotfix-check report</h1>
    <p class="meta">
      Generated <xsl:value-of select="@generated"/>:
      <xsl:value-of select="format-number($hosts, '#,##0')"/> host(s) judged against
      <xsl:value-of select="format-number(@rules, '#,##0')"/> rule(s)<xsl:for-each select="rule-source">
        <xsl:value-of select="substring(': ; ', 1 + 2 * (position() > 1), 2)"/>
        <xsl:value-of select="format-number(@rules, '#,##0')"/> from <xsl:choose>
          <xsl:when test="@kind = 'built-in' and @archive">the built-in catalog (<xsl:value-of select="@archive"/>, revision <xsl:value-of select="@revision"/><xsl:if test="@date"> of <xsl:value-of select="@date"/></xsl:if>)</xsl:when>
          <xsl:when test="@kind = 'built-in'">the built-in articles</xsl:when>
          <xsl:when test="@kind = 'catalog'">the security catalog <xsl:value-of select="@path"/><xsl:if test="@data-version"> (data version <xsl:value-of select="@data-version"/><xsl:if test="@date"> of <xsl:value-of select="@date"/></xsl:if>)</xsl:if>, which names the bulletins of <xsl:value-of select="format-number(@merged, '#,##0')"/> more</xsl:when>
          <xsl:otherwise><xsl:value-of select="@path"/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>.
    </p>

    <h2 id="summary">Hosts by verdict</h2>
    <xsl:call-template name="chart"/>

    <!-- An auditor's first question: which security bulletins hosts miss. -->
    <xsl:if test="summary/bulletin">
      <h2 id="bulletins">Security bulletins missing</h2>
      <table class="bulletins">
        <tr><th>Bulletin</th><th>Hosts</th><th>Title</th><th>Posted</th></tr>
        <xsl:for-each select="summary/bulletin">
          <tr>
            <td><strong><xsl:value-of select="@id"/></strong></td>
            <td class="n"><xsl:value-of select="format-number(@hosts, '#,##0')"/></td>
            <td><xsl:value-of select="@title"/></td>
            <td class="level"><xsl:value-of select="@date"/></td>
          </tr>
        </xsl:for-each>
      </table>
    </xsl:if>

    <!-- The inventories themselves (issue 15): too old to trust, or without their hotfix list. -->
    <xsl:if test="summary/old-inventory or summary/unknown-hotfix-list or summary/@undated-inventories">
      <h2 id="inventories">Inventories</h2>
      <xsl:if test="summary/old-inventory">
        <p>Collected more than <xsl:value-of select="summary/@inventory-max-age"/> days ago: collect again.</p>
        <table class="inventories">
          <tr><th>Host</th><th>Collected</th><th>Days ago</th><th>Inventory</th></tr>
          <xsl:for-each select="summary/old-inventory">
            <tr>
              <td><strong><xsl:value-of select="@host"/></strong></td>
              <td class="level"><xsl:value-of select="substring(@collected, 1, 10)"/></td>
              <td class="n"><xsl:value-of select="format-number(@days, '#,##0')"/></td>
              <td><xsl:value-of select="@source"/></td>
            </tr>
          </xsl:for-each>
        </table>
      </xsl:if>
      <xsl:if test="summary/@undated-inventories">
        <p><xsl:value-of select="format-number(summary/@undated-inventories, '#,##0')"/> inventory(ies) do not say when they were collected.</p>
      </xsl:if>
      <xsl:if test="summary/unknown-hotfix-list">
        <p>Hotfix list could not be read (a reinstalled service pack shows as fix-needed, not regressed):</p>
        <table class="inventories">
          <tr><th>Host</th><th>Inventory</th></tr>
          <xsl:for-each select="summary/unknown-hotfix-list">
            <tr>
              <td><strong><xsl:value-of select="@host"/></strong></td>
              <td><xsl:value-of select="@source"/></td>
            </tr>
          </xsl:for-each>
        </table>
      </xsl:if>
    </xsl:if>

    <h2 id="plan">Plan</h2>
    <xsl:choose>
      <xsl:when test="plan/step">
        <p>
          <xsl:value-of select="format-number(plan/@hosts, '#,##0')"/> host(s) have something to install.
          Service packs first, then hotfixes, then reinstalls; each host's own order is under the host.
        </p>
        <table class="fleet-plan">
          <tr><th>Step</th><th>What</th></tr>
          <xsl:for-each select="plan/step">
            <tr>
              <td>
                <span class="step"><xsl:call-template name="action"/></span> on <xsl:value-of select="format-number(@hosts, '#,##0')"/>
                host<xsl:if test="@hosts != 1">s</xsl:if>: settles <xsl:value-of select="format-number(@settles, '#,##0')"/>
                rule<xsl:if test="@settles != 1">s</xsl:if>
                <xsl:if test="@enables"> (needed first by <xsl:value-of select="format-number(@enables, '#,##0')"/> rule<xsl:if test="@enables != 1">s</xsl:if>)</xsl:if>
              </td>
              <td>
                <xsl:choose>
                  <xsl:when test="@service-pack">Windows NT 4.0 Service Pack <xsl:value-of select="substring(@service-pack, 3)"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="@title"/></xsl:otherwise>
                </xsl:choose>
                <xsl:call-template name="bulletins"><xsl:with-param name="ids" select="@bulletins"/></xsl:call-template>
              </td>
            </tr>
          </xsl:for-each>
        </table>
      </xsl:when>
      <xsl:when test="host/plan">
        <p class="none">Nothing to install on any host.</p>
      </xsl:when>
      <xsl:otherwise>
        <p class="none">This report carries no plan.</p>
      </xsl:otherwise>
    </xsl:choose>

    <h2 id="hosts">Hosts</h2>
    <table class="host-index">
      <tr><th>Host</th><th>Edition</th><th>Service pack</th><th>Platform</th><th>Verdict</th><th>Rules needed</th><th>Steps</th></tr>
      <xsl:for-each select="host">
        <tr>
          <td><a href="#host-{position()}"><xsl:value-of select="@name"/></a></td>
          <td><xsl:value-of select="@edition"/></td>
          <td><xsl:call-template name="service-pack"><xsl:with-param name="pack" select="@service-pack"/></xsl:call-template></td>
          <td><xsl:value-of select="@platform"/></td>
          <td><xsl:call-template name="badge"><xsl:with-param name="verdict" select="@verdict"/></xsl:call-template></td>
          <!-- HTMLReportWriter's head gives the counts as attributes, without the rules. -->
          <td class="n">
            <xsl:choose>
              <xsl:when test="@needed"><xsl:value-of select="@needed"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="count(rule[@verdict='fix-needed' or @verdict='prerequisite-missing' or @verdict='regressed'])"/></xsl:otherwise>
            </xsl:choose>
          </td>
          <td class="n">
            <xsl:choose>
              <xsl:when test="@steps"><xsl:value-of select="@steps"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="count(plan/step)"/></xsl:otherwise>
            </xsl:choose>
          </td>
        </tr>
      </xsl:for-each>
    </table>

    <xsl:choose>
      <xsl:when test="$part = 'head'"><xsl:comment>hotfix-check:hosts</xsl:comment></xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="host">
          <xsl:apply-templates select="."><xsl:with-param name="n" select="position()"/></xsl:apply-templates>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The chart: one bar per verdict, hosts by their worst verdict. -->
  <xsl:template name="chart">
    <xsl:variable name="most">
      <!-- One host per verdict (Muenchian grouping), the most common first. -->
      <xsl:for-each select="host[generate-id() = generate-id(key('by-verdict', @verdict)[1])]">
        <xsl:sort select="count(key('by-verdict', @verdict))" data-type="number" order="descending"/>
        <xsl:if test="position() = 1"><xsl:value-of select="count(key('by-verdict', @verdict))"/></xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="scale">
      <xsl:choose>
        <xsl:when test="number($most) &gt; 0"><xsl:value-of select="number($most)"/></xsl:when>
        <xsl:otherwise>1</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <svg width="620" height="{8 * 28 + 8}" viewBox="0 0 620 {8 * 28 + 8}" role="img" aria-label="hosts by verdict">
      <xsl:call-template name="bar"><xsl:with-param name="row" select="0"/><xsl:with-param name="verdict" select="'error'"/><xsl:with-param name="color" select="'#6e2594'"/><xsl:with-param name="scale" select="$scale"/></xsl:call-template>
      <xsl:call-template name="bar"><xsl:with-param name="row" select="1"/><xsl:with-param name="verdict" select="'regressed'"/><xsl:with-param name="color" select="'#b3261e'"/><xsl:with-param name="scale" select="$scale"/></xsl:call-template>
      <xsl:call-template name="bar"><xsl:with-param name="row" select="2"/><xsl:with-param name="verdict" select="'fix-needed'"/><xsl:with-param name="color" select="'#d9480f'"/><xsl:with-param name="scale" select="$scale"/></xsl:call-template>
      <xsl:call-template name="bar"><xsl:with-param name="row" select="3"/><xsl:with-param name="verdict" select="'prerequisite-missing'"/><xsl:with-param name="color" select="'#b58100'"/><xsl:with-param name="scale" select="$scale"/></xsl:call-template>
      <xsl:call-template name="bar"><xsl:with-param name="row" select="4"/><xsl:with-param name="verdict" select="'unknown'"/><xsl:with-param name="color" select="'#6a737d'"/><xsl:with-param name="scale" select="$scale"/></xsl:call-template>
      <xsl:call-template name="bar"><xsl:with-param name="row" select="5"/><xsl:with-param name="verdict" select="'up-to-date'"/><xsl:with-param name="color" select="'#1a7f37'"/><xsl:with-param name="scale" select="$scale"/></xsl:call-template>
      <xsl:call-template name="bar"><xsl:with-param name="row" select="6"/><xsl:with-param name="verdict" select="'ignored'"/><xsl:with-param name="color" select="'#8c959f'"/><xsl:with-param name="scale" select="$scale"/></xsl:call-template>
      <xsl:call-template name="bar"><xsl:with-param name="row" select="7"/><xsl:with-param name="verdict" select="'not-applicable'"/><xsl:with-param name="color" select="'#afb8c1'"/><xsl:with-param name="scale" select="$scale"/></xsl:call-template>
    </svg>
  </xsl:template>

  <xsl:template name="bar">
    <xsl:param name="row"/>
    <xsl:param name="verdict"/>
    <xsl:param name="color"/>
    <xsl:param name="scale"/>
    <xsl:variable name="count" select="count(key('by-verdict', $verdict))"/>
    <xsl:variable name="y" select="$row * 28 + 4"/>
    <g>
      <text x="160" y="{$y + 17}" text-anchor="end"><xsl:value-of select="$verdict"/></text>
      <rect x="170" y="{$y}" width="{round($count * 380 div $scale)}" height="22" rx="3" fill="{$color}"/>
      <text x="{178 + round($count * 380 div $scale)}" y="{$y + 17}"><xsl:value-of select="$count"/></text>
    </g>
  </xsl:template>

  <xsl:template match="host">
    <xsl:param name="n"/>
    <div class="host" id="host-{$n}">
      <h3>
        <xsl:value-of select="@name"/>
        <xsl:text> </xsl:text>
        <xsl:call-template name="badge"><xsl:with-param name="verdict" select="@verdict"/></xsl:call-template>
      </h3>
      <p class="meta">
        <xsl:value-of select="@edition"/>
        <xsl:if test="@service-pack">, <xsl:call-template name="service-pack"><xsl:with-param name="pack" select="@service-pack"/></xsl:call-template></xsl:if>
        <xsl:if test="@platform">, <xsl:value-of select="@platform"/></xsl:if>
        — from <code><xsl:value-of select="@source"/></code>
      </p>
      <xsl:if test="error">
        <p class="older">
          Could not be read: <code><xsl:value-of select="error/@file"/>:<xsl:value-of select="error/@line"/>:<xsl:value-of select="error/@column"/></code>
          <xsl:text> </xsl:text><xsl:value-of select="error"/>
        </p>
      </xsl:if>
      <xsl:variable name="host" select="generate-id()"/>
      <xsl:variable name="open" select="rule[@verdict != 'up-to-date' and @verdict != 'not-applicable' and @verdict != 'unknown'][not(key('pack-settles', concat($host, ' ', @id)))]"/>
      <xsl:variable name="summarised" select="count(plan/step) &gt; 20 or count($open) &gt; 20"/>
      <xsl:choose>
        <!-- A host with many things to do is summarised: its plan's hotfixes in order and its
             rules by id (a page of 1,000 such hosts in full was 173 MB; the XML report has the
             details). -->
        <!-- 20: HTMLReportWriter.actionsShownInFull, which leaves their files out of the host's part. -->
        <xsl:when test="$summarised">
          <xsl:call-template name="short-plan"/>
          <xsl:call-template name="rule-ids">
            <xsl:with-param name="rules" select="$open"/>
            <xsl:with-param name="what" select="'to act on after the service pack (the XML report has their files)'"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="plan"/>
          <xsl:call-template name="open-rules"><xsl:with-param name="open" select="$open"/></xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="rule-ids">
        <xsl:with-param name="rules" select="rule[@verdict = 'unknown'][not(key('pack-settles', concat($host, ' ', @id)))]"/>
        <xsl:with-param name="what" select="'unknown: the facts do not decide them (the XML report says why)'"/>
      </xsl:call-template>
      <xsl:variable name="current" select="rule[@verdict = 'up-to-date']"/>
      <xsl:choose>
        <!-- 20: HTMLReportWriter.upToDateShownInFull keeps their files for the page. -->
        <xsl:when test="count($current) &lt;= 20 and not($summarised)">
          <!-- A few: folded, but each with found against required. -->
          <xsl:if test="$current">
            <details class="ids">
              <summary><xsl:value-of select="count($current)"/> rule<xsl:if test="count($current) != 1">s</xsl:if> up to date</summary>
              <table class="rules">
                <tr><th>Rule</th><th>Verdict</th><th>Why</th><th>File</th><th>Found</th><th>Required</th><th>Result</th></tr>
                <xsl:apply-templates select="$current"/>
              </table>
            </details>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise>
          <p class="ids"><xsl:value-of select="format-number(count($current), '#,##0')"/> rules up to date</p>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="rule-ids">
        <xsl:with-param name="rules" select="rule[@verdict = 'not-applicable']"/>
        <xsl:with-param name="what" select="'not applicable'"/>
      </xsl:call-template>
      <xsl:if test="not(rule) and not(error)">
        <p class="none">No rule applies to this host.</p>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- The rules to act on, found against required. -->
  <xsl:template name="open-rules">
    <xsl:param name="open"/>
      <!-- What needs doing after the service pack in full, found against required; the rules the
           service pack settles are counted by the plan, unknown ones listed by id, up-to-date ones
           counted (a page of 1,000 old hosts listing them all was 173 MB: the XML report has them). -->
      <xsl:if test="$open">
        <table class="rules">
          <tr><th>Rule</th><th>Verdict</th><th>Why</th><th>File</th><th>Found</th><th>Required</th><th>Result</th></tr>
          <xsl:apply-templates select="$open"/>
        </table>
      </xsl:if>
  </xsl:template>

  <!-- A long plan in a few lines: the service pack, then the hotfixes in order by id (the fleet
       plan above gives each one's title). -->
  <xsl:template name="short-plan">
    <xsl:for-each select="plan">
      <p><strong>Plan:</strong></p>
      <ol class="plan">
        <xsl:for-each select="step[@action = 'install-service-pack' or @action = 'reapply-service-pack']">
          <li>
            <span class="step"><xsl:call-template name="action"/></span>
            <xsl:call-template name="settled"/>
            <xsl:if test="enables">
              <div class="settles">needed first by <xsl:value-of select="count(enables)"/> rule<xsl:if test="count(enables) != 1">s</xsl:if></div>
            </xsl:if>
          </li>
        </xsl:for-each>
        <xsl:if test="step[@action = 'install-hotfix']">
          <li>
            <span class="step">Install <xsl:value-of select="count(step[@action = 'install-hotfix'])"/> hotfixes</span>, in this order:
            <xsl:for-each select="step[@action = 'install-hotfix']"><xsl:value-of select="@hotfix"/><xsl:if test="position() != last()">, </xsl:if></xsl:for-each>
          </li>
        </xsl:if>
        <xsl:if test="step[@action = 'reinstall-hotfix']">
          <li>
            <span class="step">Reinstall</span>, last:
            <xsl:for-each select="step[@action = 'reinstall-hotfix']"><xsl:value-of select="@hotfix"/><xsl:if test="position() != last()">, </xsl:if></xsl:for-each>
          </li>
        </xsl:if>
      </ol>
    </xsl:for-each>
  </xsl:template>

  <!-- "3 rules up to date: Q1, Q2, Q3", folded when long. -->
  <xsl:template name="rule-ids">
    <xsl:param name="rules"/>
    <xsl:param name="what"/>
    <xsl:if test="$rules">
      <details class="ids">
        <summary><xsl:value-of select="count($rules)"/> rule<xsl:if test="count($rules) != 1">s</xsl:if><xsl:text> </xsl:text><xsl:value-of select="$what"/></summary>
        <xsl:for-each select="$rules">
          <xsl:value-of select="@id"/>
          <xsl:if test="position() != last()">, </xsl:if>
        </xsl:for-each>
      </details>
    </xsl:if>
  </xsl:template>

  <!-- A step's settled rules: each with how, folded when there are many (a service pack settles hundreds). -->
  <xsl:template name="settled">
    <xsl:choose>
      <xsl:when test="count(settles) &gt; 12">
        <div class="settles">settles <xsl:value-of select="format-number(count(settles), '#,##0')"/> rules (the XML report's plan lists each)</div>
      </xsl:when>
      <xsl:when test="settles">
        <div class="settles">settles:
          <xsl:for-each select="settles">
            <xsl:value-of select="@rule"/><xsl:if test="@reason and @rule != ../@hotfix"> (<xsl:value-of select="@reason"/>)</xsl:if>
            <xsl:if test="position() != last()">; </xsl:if>
          </xsl:for-each>
        </div>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="host/plan">
    <xsl:choose>
      <xsl:when test="step">
        <p><strong>Plan:</strong></p>
        <ol class="plan">
          <xsl:for-each select="step">
            <li>
              <span class="step"><xsl:call-template name="action"/></span>
              <xsl:if test="@title"> — <xsl:value-of select="@title"/></xsl:if>
              <xsl:call-template name="bulletins"><xsl:with-param name="ids" select="@bulletins"/></xsl:call-template>
              <xsl:call-template name="settled"/>
              <xsl:if test="enables">
                <div class="settles">needed first by:
                  <xsl:for-each select="enables">
                    <xsl:value-of select="@rule"/><xsl:if test="position() != last()">, </xsl:if>
                  </xsl:for-each>
                </div>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:when>
      <xsl:otherwise><p class="none">Plan: nothing to install.</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A rule: one table row per file (at least one row). -->
  <xsl:template match="rule">
    <xsl:variable name="span">
      <xsl:choose>
        <xsl:when test="file"><xsl:value-of select="count(file)"/></xsl:when>
        <xsl:otherwise>1</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <tr>
      <td rowspan="{$span}">
        <strong><xsl:value-of select="@id"/></strong>
        <xsl:if test="@bulletin"><xsl:text> </xsl:text><span class="bulletin"><xsl:value-of select="@bulletin"/></span></xsl:if>
        <!-- The other bulletins naming the rule: @bulletins without @bulletin. -->
        <xsl:if test="@bulletins">
          <xsl:variable name="all" select="concat(' ', @bulletins, ' ')"/>
          <xsl:variable name="one" select="concat(' ', @bulletin, ' ')"/>
          <xsl:text> (also </xsl:text>
          <xsl:value-of select="normalize-space(concat(substring-before($all, $one), ' ', substring-after($all, $one)))"/>
          <xsl:text>)</xsl:text>
        </xsl:if>
        <br/><xsl:value-of select="@title"/>
      </td>
      <td rowspan="{$span}">
        <xsl:call-template name="badge"><xsl:with-param name="verdict" select="@verdict"/></xsl:call-template>
        <xsl:if test="@ignored-verdict"><br/><span class="reason">otherwise <xsl:value-of select="@ignored-verdict"/></span></xsl:if>
      </td>
      <td rowspan="{$span}" class="reason">
        <xsl:choose>
          <xsl:when test="@ignored-reason">
            ignored<xsl:if test="@ignored-until"> until <xsl:value-of select="@ignored-until"/></xsl:if>:
            <xsl:value-of select="@ignored-reason"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="reason"/></xsl:otherwise>
        </xsl:choose>
      </td>
      <xsl:choose>
        <xsl:when test="file"><xsl:apply-templates select="file[1]"/></xsl:when>
        <xsl:otherwise><td colspan="4" class="none">no file compared</td></xsl:otherwise>
      </xsl:choose>
    </tr>
    <xsl:for-each select="file[position() &gt; 1]">
      <tr><xsl:apply-templates select="."/></tr>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="rule/file">
    <td><xsl:value-of select="@name"/><br/><code><xsl:value-of select="@path"/></code></td>
    <td class="level"><xsl:value-of select="@found-version"/><xsl:if test="@found-version and @found-date"><br/></xsl:if><xsl:value-of select="@found-date"/></td>
    <td class="level"><xsl:value-of select="@required-version"/><xsl:if test="@required-version and @required-date"><br/></xsl:if><xsl:value-of select="@required-date"/></td>
    <td class="{@result}"><xsl:value-of select="@result"/></td>
  </xsl:template>

  <!-- "Install SP6a", "Install Q256149", "Reinstall Q256149", "Reapply SP5". -->
  <xsl:template name="action">
    <xsl:choose>
      <xsl:when test="@action = 'install-service-pack'">Install <xsl:call-template name="service-pack"><xsl:with-param name="pack" select="@service-pack"/></xsl:call-template></xsl:when>
      <xsl:when test="@action = 'reinstall-hotfix'">Reinstall <xsl:value-of select="@hotfix"/></xsl:when>
      <xsl:when test="@action = 'reapply-service-pack'">Reapply <xsl:call-template name="service-pack"><xsl:with-param name="pack" select="@service-pack"/></xsl:call-template></xsl:when>
      <xsl:otherwise>Install <xsl:value-of select="@hotfix"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- sp6a → SP6a; sp0 → no service pack. -->
  <xsl:template name="service-pack">
    <xsl:param name="pack"/>
    <xsl:choose>
      <xsl:when test="$pack = 'sp0'">no service pack</xsl:when>
      <xsl:otherwise>SP<xsl:value-of select="substring($pack, 3)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "security bulletins MS99-046 MS01-041" under a plan step, when it settles any. -->
  <xsl:template name="bulletins">
    <xsl:param name="ids"/>
    <xsl:if test="$ids">
      <div class="settles">security bulletins <span class="bulletin"><xsl:value-of select="$ids"/></span></div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="badge">
    <xsl:param name="verdict"/>
    <span class="verdict v-{$verdict}"><xsl:value-of select="$verdict"/></span>
  </xsl:template>
</xsl:stylesheet>
