#!/usr/bin/env python3
"""A second synthetic NT 4.0 fleet generator, written apart from make-fleet.py.

usage: make-fleet-b.py OUT_DIR [--hosts N] [--files N] [--seed S] [--names FILE]

Same command line and outputs as make-fleet.py: OUT_DIR/xml/*.xml and
OUT_DIR/fleet.csv hold the same fleet. It exists so that the benchmark's
figures (issue 4) can be checked against an outside run of the same kind: a
fleet written by other hands, shaped the way real inventories differ, while
staying inside contract section 3:

- XML: about half the hosts in files of their own (<host> root), the rest
  in <inventory> files of 2-5 hosts; per file its own attribute order,
  indentation, quote character, line ends (some CRLF), XML declaration or
  none (a few with a byte order mark), comments, hotfixes before, after or
  among the files, extra attributes, escaped and non-ASCII characters;
- a mix of editions with more terminal-server and enterprise, service packs
  matching the build line, a few alpha (and mips/ppc) hosts, values in
  mixed case, hotfix ids as Q123456, q123456 or 123456;
- N files per host on average (0.85 N to 1.15 N); about 15 % of file names
  from --names, the others made up; copies in uninstall folders; versions of
  2 to 4 parts, some with leading zeros, some missing; dates some missing,
  a few hosts with MM/DD/YYYY; sizes some missing;
- CSV: its own column order with an extra column (domain), LF line
  ends with some hosts in CRLF, MM/DD/YYYY dates on some hosts, quoted
  paths containing commas, some hosts with every field quoted.

The same seed gives the same fleet (byte for byte).
"""
import math
import os
import random
import sys

SITES = ["LON", "NYC", "FRA", "TYO", "SYD", "CHI", "DAL", "PAR", "MAD", "SEA", "BOS", "ATL", "MUC", "SIN"]
DOMAINS = ["CORP", "EMEA", "AMERICAS", "APAC", "LAB", "DMZ"]
# (edition, weight, role in the host name)
EDITIONS = [("server", 30, "SRV"), ("workstation", 15, "WS"), ("enterprise", 20, "EE"), ("terminal-server", 35, "TS")]
# Service packs by build line, and the builds a pack's files (and the hotfixes after it) carry.
PACKS = [("sp0", 2), ("sp1", 2), ("sp2", 3), ("sp3", 10), ("sp4", 15), ("sp5", 18), ("sp6", 15), ("sp6a", 35)]
TSE_PACKS = [("sp0", 15), ("sp4", 30), ("sp5", 25), ("sp6", 30)]
BUILDS = {"sp0": (1, 600), "sp1": (4, 600), "sp2": (40, 1000), "sp3": (100, 2500), "sp4": (300, 4500),
          "sp5": (1800, 6500), "sp6": (4000, 7400), "sp6a": (5000, 7400)}
TSE_BUILDS = {"sp0": (32768, 33000), "sp4": (32800, 33300), "sp5": (33000, 33450), "sp6": (33200, 33500)}

SYLLABLES = ["rpc", "ss", "net", "api", "srv", "msv", "lsa", "win", "sock", "tcp", "ip", "nbt", "afd", "dns",
             "kern", "el", "usr", "gdi", "shel", "comm", "ctl", "ole", "aut", "mfc", "ntd", "vid", "port", "mou",
             "kbd", "ser", "ial", "spl", "lm", "prn", "wks", "dhcp", "wins", "ras", "man", "ppp", "cmd", "reg",
             "crypt", "sch", "ann", "cli", "nt", "ms", "dlg", "sec", "wdm", "pci", "scsi", "atapi", "cd", "fs",
             "ndis", "lan", "mgr", "svc", "inet", "http", "ftp", "smtp", "w3", "iis", "odbc", "sql", "jet", "dao"]
EXTENSIONS = ["dll"] * 45 + ["exe"] * 15 + ["sys"] * 14 + ["drv"] * 5 + ["ocx"] * 5 + ["hlp"] * 5 + \
             ["inf"] * 5 + ["cpl"] * 2 + ["cnt"] * 2 + ["tlb", "nls"]
# Folders under the system root (weight, folder); "{pf}" folders sit under Program Files instead.
FOLDERS = [(40, "system32"), (12, "system32\\drivers"), (5, "system"), (5, "inf"), (4, "help"),
           (3, "System32"), (2, "system32\\spool\\drivers\\w32x86\\2"), (2, "system32\\inetsrv"),
           (2, "system32\\wbem"), (1, "Fonts"), (1, "java\\trustlib"), (1, "repair"),
           (3, "{pf}\\Common Files\\System"), (3, "{pf}\\Internet Explorer"), (2, "{pf}\\Plus!\\Microsoft Internet"),
           (2, "{pf}\\Acme, Inc\\Backup Agent"), (1, "{pf}\\Hewlett-Packard\\HP LaserJet, Color"),
           (1, "{pf}\\AT&T Global Network\\Dialer"), (1, "{pf}\\O'Reilly\\WebSite"),
           (1, "{pf}\\Société Générale\\Clé"), (1, "{pf}\\Microsoft Office\\Office"),
           (1, "{pf}\\Seagate Software\\NTBackup, v2")]
PROGRAM_FILES = ["Program Files", "Program Files", "Program Files", "PROGRA~1", "Programme"]
COMMENTS = ["collected by invscan 2.1", "SMS 1.2 export", "generated nightly; do not edit",
            "inventory of site files & hotfixes", "hardware: see asset DB"]


def weighted(pairs):
    """A flat list to draw from with one rng.choice, from (value, weight) or (weight, value) pairs."""
    out = []
    for a, b in pairs:
        value, weight = (a, b) if isinstance(b, int) else (b, a)
        out.extend([value] * weight)
    return out


def made_up_names(rng, count, exclude):
    names, seen = [], set(exclude)
    while len(names) < count:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 2, 3))))
        if rng.random() < 0.2:
            stem += rng.choice(("32", "16", "nt", "2", "40", "x"))
        name = f"{stem[:8]}.{rng.choice(EXTENSIONS)}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def xml_escape(text, quote):
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if quote in text:
        text = text.replace(quote, "&quot;" if quote == '"' else "&apos;")
    return text


def csv_field(text, quote_all):
    if quote_all or "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def iso(d):
    return f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}" if d else ""


def mdy(d):
    return f"{d[1]:02d}/{d[2]:02d}/{d[0]:04d}" if d else ""


class Fleet:
    def __init__(self, rng, known, files):
        self.rng = rng
        self.known = known
        self.files = files
        self.pool = made_up_names(rng, 9000, known)
        self.folders = weighted(FOLDERS)
        self.editions = weighted([(e, w) for e, w, _ in EDITIONS])
        self.roles = {e: r for e, _, r in EDITIONS}
        self.packs = weighted(PACKS)
        self.tse_packs = weighted(TSE_PACKS)

    def host(self, index):
        rng = self.rng
        edition = rng.choice(self.editions)
        tse = edition == "terminal-server"
        pack = rng.choice(self.tse_packs if tse else self.packs)
        r = rng.random()
        if tse or r < 0.93:
            platform = "intel"
        elif r < 0.99:
            platform = "alpha"
        else:
            platform = rng.choice(("mips", "ppc"))
            pack = rng.choice(("sp0", "sp1", "sp2"))
        site = rng.choice(SITES)
        name = f"{site}-{self.roles[edition]}{index:05d}"
        shown = (edition, pack, platform)
        if rng.random() < 0.1:  # values are matched without regard to case
            shown = (edition.title(), "SP" + pack[2:], platform.title())
        if rng.random() < 0.15:
            name = name.lower()
        hotfixes = []
        for _ in range(rng.choice((0, 0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15))):
            number = rng.randint(140000, 330000)
            form = rng.random()
            hotfixes.append(f"Q{number}" if form < 0.9 else f"q{number}" if form < 0.95 else str(number))
        drive = rng.choice(("C:", "C:", "C:", "D:", "E:", "c:"))
        root = drive + ("\\WTSRV" if tse else rng.choice(("\\WINNT", "\\WINNT", "\\WINNT", "\\WINNT40", "\\winnt")))
        pf = drive + "\\" + rng.choice(PROGRAM_FILES)
        low, high = (TSE_BUILDS if tse else BUILDS)[pack]
        year_low = 1996 + (low % 32768) // 1500
        rows = []
        count = max(1, int(self.files * (0.85 + 0.3 * rng.random()) + 0.5))
        known, pool, folders = self.known, self.pool, self.folders
        rand, choice, randint = rng.random, rng.choice, rng.randint
        for _ in range(count):
            base = choice(known) if known and rand() < 0.15 else choice(pool)
            if rand() < 0.15:
                base = base.upper()
            folder = choice(folders)
            other_product = folder.startswith("{pf}")
            if other_product:
                folder = folder.replace("{pf}", pf, 1)
            else:
                u = rand()
                if u < 0.035:
                    folder = root + "\\" + (f"$NtUninstall{choice(hotfixes)}$" if hotfixes and u < 0.02
                                            else "$NtServicePackUninstall$" if u < 0.028 else "ServicePackFiles\\i386")
                else:
                    folder = root + "\\" + folder
            # Version: 2 to 4 parts, some with leading zeros, some missing.
            v = rand()
            if v < 0.18:
                version = ""
            elif other_product or v > 0.96:
                version = choice(("5.0.2920.0", "6.0.2800.1106", "5.50.4807.2300", "2.50.4403", "3.0",
                                  "6.0", "1.0.0.1", "4.71.1712.6", "5.00.2314.1003", "2000.80.194.0",
                                  "3.51.1057.6", "4.0.2.7", "7.00.9466"))
            else:
                build = randint(low, high)
                if v < 0.82:
                    version = f"4.0.1381.{build}"
                elif v < 0.89:
                    version = f"4.00.1381.{build:04d}"
                elif v < 0.92:
                    version = f"04.00.01381.{build:05d}"
                elif v < 0.95:
                    version = "4.0.1381"
                else:
                    version = "4.00"
            date = None if rand() < 0.1 else (randint(year_low, 2003), randint(1, 12), randint(1, 28))
            size = "" if rand() < 0.05 else str(int(512 * math.exp(rand() * 8.7)))
            rows.append((folder + "\\" + base, version, date, size))
        return {
            "name": name, "shown": shown, "hotfixes": hotfixes, "rows": rows, "site": site,
            "domain": rng.choice(DOMAINS),
            "xml_mdy": rng.random() < 0.1, "csv_mdy": rng.random() < 0.3,
            "csv_quote_all": rng.random() < 0.1, "csv_crlf": rng.random() < 0.2,
            "hotfix_rows_first": rng.random() < 0.5,
        }


def write_xml(path, hosts, rng):
    """One XML file in a style of its own: one <host> root, or an <inventory> of several."""
    quote = "'" if rng.random() < 0.3 else '"'
    nl = "\r\n" if rng.random() < 0.25 else "\n"
    step = rng.choice(("  ", "  ", "    ", "\t", " ", ""))
    host_order = ["name", "edition", "service-pack", "platform"]
    rng.shuffle(host_order)
    file_order = ["path", "version", "date", "size"]
    rng.shuffle(file_order)
    wrap = rng.random() < 0.05  # attributes after the path on a second line
    extra = rng.random() < 0.1  # a company attribute on some files
    long_form = rng.random() < 0.05  # <file ...></file>
    char_refs = rng.random() < 0.3  # non-ASCII written as &#NNN;
    placement = rng.choice(("before", "before", "after", "among"))
    q = quote
    out = []
    decl = rng.random()
    if decl < 0.5:
        out.append(f'<?xml version={q}1.0{q} encoding={q}UTF-8{q}?>')
    elif decl < 0.65:
        out.append(f'<?xml version={q}1.0{q} encoding={q}utf-8{q} standalone={q}yes{q}?>')
    elif decl < 0.75:
        out.append(f'<?xml version={q}1.0{q}?>')
    if rng.random() < 0.2:
        out.append(f"<!-- {rng.choice(COMMENTS).replace('&', 'and')} -->")
    several = len(hosts) > 1
    pad = step if several else ""
    if several:
        out.append(f"<inventory source={q}{hosts[0]['site'].lower()}{q}>" if rng.random() < 0.5 else "<inventory>")
    for h in hosts:
        edition, pack, platform = h["shown"]
        values = {"name": h["name"], "edition": edition, "service-pack": pack, "platform": platform}
        attrs = " ".join(f"{k}={q}{xml_escape(values[k], q)}{q}" for k in host_order)
        if rng.random() < 0.3:
            attrs += f" domain={q}{h['domain']}{q}"
        out.append(f"{pad}<host {attrs}>")
        inner = pad + step
        hotfixes = [f"{inner}<hotfix id={q}{x}{q}/>" for x in h["hotfixes"]]
        if placement == "before":
            out.extend(hotfixes)
        when = mdy if h["xml_mdy"] else iso
        lines = []
        cont = nl + inner + "      "
        for file_path, version, date, size in h["rows"]:
            values = {"path": xml_escape(file_path, q), "version": version, "date": when(date), "size": size}
            parts = [f"{k}={q}{values[k]}{q}" for k in file_order if values[k]]
            if wrap:
                first = [p for p in parts if p.startswith("path=")]
                rest = [p for p in parts if not p.startswith("path=")]
                text = " ".join(first) + (cont + " ".join(rest) if rest else "")
            else:
                text = " ".join(parts)
            if extra and rng.random() < 0.3:
                text += f" company={q}Microsoft Corporation{q}"
            lines.append(f"{inner}<file {text}></file>" if long_form else f"{inner}<file {text}/>")
        if placement == "among" and hotfixes:
            for x in hotfixes:
                lines.insert(rng.randint(0, len(lines)), x)
        out.extend(lines)
        if placement == "after":
            out.extend(hotfixes)
        out.append(f"{pad}</host>")
    if several:
        out.append("</inventory>")
    text = nl.join(out) + nl
    data = text.encode("ascii", "xmlcharrefreplace") if char_refs else text.encode("utf-8")
    if rng.random() < 0.03 and not char_refs:
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as f:
        f.write(data)


def write_csv_host(out, h, columns):
    quote_all, nl = h["csv_quote_all"], "\r\n" if h["csv_crlf"] else "\n"
    edition, pack, platform = h["shown"]
    when = mdy if h["csv_mdy"] else iso
    fixed = {"host": h["name"], "edition": edition, "service_pack": pack, "platform": platform,
             "domain": h["domain"]}
    fixed = {k: csv_field(v, quote_all) for k, v in fixed.items()}
    empty = '""' if quote_all else ""
    # A template with {0}..{4} for path, version, date, size, hotfix.
    slots = {"path": "{0}", "version": "{1}", "date": "{2}", "size": "{3}", "hotfix": "{4}"}
    template = ",".join(slots.get(c, fixed.get(c, "").replace("{", "{{").replace("}", "}}")) for c in columns) + nl
    hotfix_rows = [template.format(empty, empty, empty, empty, csv_field(x, quote_all)) for x in h["hotfixes"]]
    if h["hotfix_rows_first"]:
        out.write("".join(hotfix_rows))
    out.write("".join(template.format(csv_field(p, quote_all), csv_field(v, quote_all),
                                      csv_field(when(d), quote_all), csv_field(s, quote_all), empty)
                      for p, v, d, s in h["rows"]))
    if not h["hotfix_rows_first"]:
        out.write("".join(hotfix_rows))


def main(argv):
    args = argv[1:]

    def option(name, default):
        if name in args:
            i = args.index(name)
            if i + 1 >= len(args):
                raise SystemExit(f"make-fleet-b: {name} needs a value")
            value = args[i + 1]
            del args[i:i + 2]
            return value
        return default

    hosts = int(option("--hosts", "1000"))
    files = int(option("--files", "2000"))
    seed = int(option("--seed", "42"))
    names_file = option("--names", None)
    if len(args) != 1 or args[0].startswith("--"):
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = args[0]
    known = []
    if names_file:
        with open(names_file, encoding="utf-8") as f:
            known = sorted({line.strip().lower() for line in f if line.strip()})
    # One generator for the fleet's facts, another for how files are written, so style never shifts facts.
    rng = random.Random(f"make-fleet-b facts {seed}")
    style = random.Random(f"make-fleet-b style {seed}")
    fleet = Fleet(rng, known, files)
    os.makedirs(os.path.join(out_dir, "xml"), exist_ok=True)
    columns = ["path", "size", "version", "date", "host", "domain", "platform", "edition", "service_pack", "hotfix"]
    with open(os.path.join(out_dir, "fleet.csv"), "w", encoding="utf-8", newline="") as csv:
        csv.write(",".join(columns) + "\n")
        index, batch = 0, 0
        while index < hosts:
            size = 1 if style.random() < 0.5 else style.randint(2, 5)
            group = [fleet.host(i) for i in range(index, min(hosts, index + size))]
            index += len(group)
            if len(group) == 1:
                name = group[0]["name"].lower()
            else:
                batch += 1
                name = f"{group[0]['site'].lower()}-batch{batch:04d}"
            write_xml(os.path.join(out_dir, "xml", name + ".xml"), group, style)
            for h in group:
                write_csv_host(csv, h, columns)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
