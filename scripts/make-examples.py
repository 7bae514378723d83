#!/usr/bin/env python3
"""Write the example fleet, examples/fleet/*.xml: six realistic Windows NT 4.0 hosts.

Each host is an inventory as collect/hotfix-inventory.vbs records it (the files under
%SystemRoot% with version, date and size, the hotfixes the registry records, copies under
$NtUninstall...$ folders), a few hundred files each. The file names and the versions and
dates they are measured against come from the built-in catalog, kb/catalog.tsv (its `file`
lines), so the hosts meet real rules; the Service Pack 5 host's files follow the catalog's
manifest of article Q235373 (its `mfile` lines: the contents of SP5, Intel 40-bit).

Deterministic: no clock, no randomness, no network. Run again after the catalog changes:

    scripts/make-examples.py                   # writes examples/fleet/
    scripts/make-examples.py --output DIR      # writes elsewhere (the test compares)
"""

import argparse
import hashlib
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

COLLECTED = "2002-09-02T07:30:00Z"
COLLECTOR = "hotfix-inventory.vbs 1.0"

# The level of a host's files at a service pack: (version, date). Standard build, then TSE.
RTM = ("4.0.1381.1", "1996-08-09")
STANDARD_BASE = {
    "sp4": ("4.0.1381.133", "1998-10-13"),
    "sp5": ("4.0.1381.204", "1999-04-29"),   # the date of every row of Q235373
    "sp6": ("4.0.1381.7000", "1999-10-14"),
    "sp6a": ("4.0.1381.7000", "1999-11-30"),
}
TSE_BASE = {"sp6": ("4.0.1381.33366", "2000-03-22")}

SP5_MANIFEST = "Q235373"          # Contents of Service Pack 5 for Windows NT 4.0 (Intel 40-Bit)
CONTENT_LISTS = {SP5_MANIFEST, "Q172965"}  # lists of a service pack's files, not hotfixes

# What files of a name have a version resource (the collector records no version otherwise).
VERSIONED = {"dll", "exe", "sys", "drv", "cpl", "com", "tsp", "acm", "ocx"}
KEPT = VERSIONED | {"fon", "ttf", "nls"}
# Programs that live in %SystemRoot% itself rather than system32.
IN_ROOT = {"explorer.exe", "regedit.exe", "notepad.exe", "winhlp32.exe", "taskman.exe",
           "winhelp.exe", "twunk_16.exe", "twunk_32.exe", "poledit.exe"}
# Files of the Intel build that an Alpha host has not (Intel HALs, Intel-only drivers).
INTEL_ONLY_PREFIXES = ("hal", "aic78", "atapi", "atdisk", "ntkrnlmp", "vdm", "wow", "ntvdm")

# The hosts. `current`: every file at or above every catalog row that concerns the host
# (a fully patched host), except the files of `stale` rules, left at the service pack.
# Otherwise files sit at the service pack and `applied` rules' rows raise them.
HOSTS = [
    dict(file="filesrv1.xml", name="FILESRV1", edition="server", sp="sp6a", platform="intel",
         root=r"C:\WINNT", current=True, count=330,
         note="Server SP6a, Intel: patched to mid 2002 but for four post-SP6a hotfixes "
              "(mouclass.sys, floppy.sys, npfs.sys, msgsvc.dll at SP6a): fix-needed; "
              "config.nt and autoexec.nt match a rule that gives no version or date: unknown",
         stale=["Q273600", "Q300987", "Q308605", "Q303720"],
         extra=["Config.nt", "Autoexec.nt", "Dns.exe", "Wins.exe", "Srv.sys", "Xactsrv.dll"]),
    dict(file="sqlclus1.xml", name="SQLCLUS1", edition="enterprise", sp="sp6a", platform="intel",
         root=r"C:\WINNT", current=True, count=320,
         note="Enterprise SP6a, Intel, a cluster node: Q320249 (afd.sys 4.0.1381.7144) is "
              "recorded, but SP6a was applied again afterwards and put back its afd.sys: regressed",
         regressed=["Q320249"],
         extra=["Clusdisk.sys", "Clusres.dll", "Resutils.dll", "Clusnet.sys", "Cluadmin.exe"]),
    dict(file="olddc1.xml", name="OLDDC1", edition="server", sp="sp4", platform="intel",
         root=r"C:\WINNT", current=False, count=300,
         note="Server SP4, Intel, a domain controller: needs SP5 and SP6a; hotfixes that "
              "require SP5 or SP6a: prerequisite-missing",
         applied=[], extra=["Dns.exe", "Wins.exe", "Srv.sys", "Xactsrv.dll"]),
    dict(file="printsrv1.xml", name="PRINTSRV1", edition="server", sp="sp5", platform="intel",
         root=r"C:\WINNT", current=False, count=320,
         note="Server SP5, Intel: its SP5 files match the SP5 contents list (Q235373) but "
              "rasapi32.dll, rasman.dll and rasphone.exe, put back from the NT 4.0 CD when "
              "RAS was reinstalled: a partly overwritten service pack; Q256149 installed",
         applied=["Q256149"], overwritten=["Rasapi32.dll", "Rasman.dll", "Rasphone.exe"],
         extra=["Localspl.dll", "Spoolss.exe", "Win32spl.dll", "Rasdd.dll", "Rasddui.dll"]),
    dict(file="tsrv1.xml", name="TSRV1", edition="terminal-server", sp="sp6", platform="intel",
         root=r"C:\WTSRV", current=True, count=300,
         note="Terminal Server Edition SP6, Intel (TSE build files, 4.0.1381.33xxx, under "
              "C:\\WTSRV): patched but for Q327386 and Q294326: fix-needed",
         stale=["Q327386", "Q294326"], extra=["Icaapi.dll", "Termsrv.exe", "Wtsapi32.dll"]),
    dict(file="alphawks1.xml", name="ALPHAWKS1", edition="workstation", sp="sp6a",
         platform="alpha", root=r"C:\WINNT", current=True, count=280,
         note="Workstation SP6a, Alpha: every file at or above the Alpha rows",
         stale=[], extra=[]),
]


def fail(message):
    sys.stderr.write("make-examples: " + message + "\n")
    sys.exit(1)


def load_catalog(path):
    rules, order, rule = {}, [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            kind = fields[0]
            if kind == "rule":
                rule = dict(id=fields[1], editions=[], requires=[], fixed=[], files=[])
                rules[rule["id"]] = rule
                order.append(rule["id"])
            elif kind == "manifest":
                # A service pack's contents list (id, build line, service pack, platform):
                # its `mfile` rows are a file list like a rule's, judged as "reapply SP N".
                rule = dict(id=fields[1], editions=[], requires=[], fixed=[], files=[],
                            manifest=(fields[2], fields[3], fields[4]))
                rules[rule["id"]] = rule
                order.append(rule["id"])
            elif kind == "edition":
                rule["editions"].append(fields[1])
            elif kind == "requires":
                rule["requires"].append((fields[1], fields[2]))
            elif kind == "fixed":
                rule["fixed"].append((fields[1], fields[2]))
            elif kind in ("file", "mfile"):
                edition, platform, name, version, date, size = fields[1:7]
                rule["files"].append(dict(
                    line="tse" if edition == "tse" else "-", platform=platform, name=name,
                    version=None if version == "-" else version,
                    date=None if date == "-" else date,
                    size=None if size == "-" else int(size)))
    if not rules:
        fail(path + ": no rules")
    return rules, order


def vkey(version):
    return tuple(int(p) for p in version.split(".")) + (0,) * (4 - len(version.split(".")))


def is_tse_version(version):
    return version is not None and len(version.split(".")) == 4 and int(version.split(".")[3]) >= 32768


def stable(text):
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:12], 16)


def ext(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


class Host:
    def __init__(self, spec, rules, order):
        self.spec = spec
        self.rules, self.order = rules, order
        self.line = "tse" if spec["edition"] == "terminal-server" else "-"
        self.base = (TSE_BASE if self.line == "tse" else STANDARD_BASE)[spec["sp"]]

    def applies(self, rule):
        eds = rule["editions"]
        ed = self.spec["edition"]
        return not eds or ed in eds or (ed == "enterprise" and "server" in eds)

    def rows(self, rule):
        """The rows of a rule that judge this host: its build line and platform."""
        return [r for r in rule["files"] if r["line"] == self.line
                and r["platform"] in ("-", self.spec["platform"])
                and (self.line == "-" or r["version"] is None or is_tse_version(r["version"]))]

    def rows_by_name(self, rule_ids=None):
        result = {}
        for rid in (rule_ids if rule_ids is not None else self.order):
            rule = self.rules[rid]
            if not self.applies(rule):
                continue
            for row in self.rows(rule):
                result.setdefault(row["name"].lower(), []).append((rid, row))
        return result

    def choose_names(self, all_rows):
        spec = self.spec
        manifest = {r["name"].lower(): r for r in self.rules[SP5_MANIFEST]["files"]}
        spelled = {}
        for rid in self.order:
            for row in self.rules[rid]["files"]:
                spelled.setdefault(row["name"].lower(), row["name"])

        def usable(name):
            if ext(name) not in KEPT or name.startswith("_"):
                return False
            if name.startswith("hal") and name != "hal.dll":
                return False  # setup copies the one HAL the machine needs as hal.dll
            if spec["platform"] == "alpha" and name.startswith(INTEL_ONLY_PREFIXES):
                return False
            return True

        # Files the scenarios need, then core files that hotfixes touch, then the rest of
        # the SP5 contents list in a fixed pseudo-random order.
        needed = [n.lower() for n in spec.get("extra", []) + spec.get("overwritten", [])]
        for rid in spec.get("stale", []) + spec.get("regressed", []) + spec.get("applied", []):
            needed += [r["name"].lower() for r in self.rows(self.rules[rid])]
        touched = sorted((n for n in all_rows if n in manifest and usable(n)
                          and any(rid not in CONTENT_LISTS for rid, _ in all_rows[n])),
                         key=lambda n: (-len(all_rows[n]), n))
        rest = sorted((n for n in manifest if usable(n)), key=lambda n: stable(spec["name"] + n))
        names = []
        for n in needed + touched[: spec["count"] * 2 // 3] + rest:
            if n not in names:
                names.append(n)
            if len(names) >= spec["count"] and n not in needed:
                break
        return [(n, spelled.get(n, n)) for n in names], manifest

    def level(self, name, rows):
        """(version, date, size) for a file of `name` given the rows that raise it."""
        version, date = self.base
        size = None
        for _, row in rows:
            if row["version"] and vkey(row["version"]) > vkey(version):
                version = row["version"]
                size = row["size"] or size
            if row["date"] and row["date"] > date:
                date = row["date"]
                size = row["size"] or size
        return self.later_build(version, date), date, size

    def later_build(self, version, date):
        """A hotfix dated after the service pack carries a later build number (about eight
        a month after SP6, twelve after SP4 and SP5) even where the article gives only a date."""
        base_version, base_date = self.base
        months = (int(date[:4]) - int(base_date[:4])) * 12 + int(date[5:7]) - int(base_date[5:7])
        if months <= 0 or not version.startswith("4.0.1381."):
            return version
        step = 12 if self.spec["sp"] in ("sp4", "sp5") and self.line == "-" else 8
        guess = "4.0.1381.%d" % (int(base_version.split(".")[3]) + step * months)
        if self.line == "-" and int(guess.split(".")[3]) >= 32768:
            return version
        return guess if vkey(guess) > vkey(version) else version

    def build(self):
        spec = self.spec
        all_rows = self.rows_by_name()
        names, manifest = self.choose_names(all_rows)
        stale_ids = spec.get("stale", []) + spec.get("regressed", [])
        stale_names = {r["name"].lower() for rid in stale_ids for r in self.rows(self.rules[rid])}
        overwritten = {n.lower() for n in spec.get("overwritten", [])}
        applied = self.rows_by_name(spec.get("applied", []))
        files = []  # (folder parts, spelled name, version, date, size)
        for lower, spelled in names:
            if lower in overwritten:
                version, date = RTM
                size = None
            elif spec["current"] and lower not in stale_names:
                version, date, size = self.level(lower, all_rows.get(lower, []))
            else:
                version, date, size = self.level(lower, applied.get(lower, []))
            if size is None:
                listed = manifest.get(lower)
                if listed and listed["size"] and (version, date) == STANDARD_BASE["sp5"]:
                    size = listed["size"]
                else:
                    basis = listed["size"] if listed and listed["size"] else 8192 + stable(lower) % 300000
                    size = max(1024, basis + ((stable(lower + version + date) % 64) - 32) * 16)
            if self.line == "tse" and version and not is_tse_version(version):
                version = self.base[0]
            if ext(lower) not in VERSIONED:
                version = None
            if lower in ("config.nt", "autoexec.nt"):
                version, date, size = None, "1996-08-09", 2 * 1024 + stable(lower) % 512
            files.append((self.folder(lower), spelled.lower(), version, date, size))

        hotfixes = self.recorded_hotfixes(files, all_rows, stale_ids)
        files += self.uninstall_copies(files, hotfixes)
        return hotfixes, files

    def folder(self, lower):
        e = ext(lower)
        if e == "sys" and lower != "win32k.sys":
            return ["system32", "drivers"]
        if e in ("fon", "ttf"):
            return ["Fonts"]
        if lower in IN_ROOT:
            return []
        if self.spec["edition"] == "enterprise" and lower.startswith(("clus", "resutils")):
            return ["cluster"]
        return ["system32"]

    def recorded_hotfixes(self, files, all_rows, stale_ids):
        """The hotfixes the registry records: every hotfix whose rows the host's files meet
        and that came after the host's service pack, plus the regressed ones."""
        spec = self.spec
        on_host = {f[1]: f for f in files}
        result = set(spec.get("regressed", [])) | set(spec.get("applied", []))
        if spec["sp"] == "sp6a":
            result.add("Q246009")
        if spec["current"]:
            for rid in self.order:
                rule = self.rules[rid]
                if rid in CONTENT_LISTS or rid in stale_ids or not self.applies(rule):
                    continue
                # Hotfix packages: a rule that names the service pack it needs.
                if not any(line == self.line for line, _ in rule["requires"]):
                    continue
                rows = [r for r in self.rows(rule) if r["name"].lower() in on_host]
                if not rows or not all(r["date"] and r["date"] > self.base[1] for r in rows):
                    continue
                if all(self.meets(on_host[r["name"].lower()], r) for r in rows):
                    result.add(rid)
        return sorted(result, key=lambda q: int(q[1:]))

    @staticmethod
    def meets(f, row):
        _, _, version, date, _ = f
        if row["version"] and version:
            return vkey(version) >= vkey(row["version"])
        if row["date"] and date:
            return date >= row["date"]
        return False

    def uninstall_copies(self, files, hotfixes):
        """Backups that hotfix and service pack setup leave: the older file they replaced."""
        copies = []
        by_name = {f[1]: f for f in files}
        with_files = [q for q in hotfixes if q in self.rules
                      and any(r["name"].lower() in by_name for r in self.rows(self.rules[q]))]
        for q in with_files[-3:]:
            for row in self.rows(self.rules[q]):
                f = by_name.get(row["name"].lower())
                if f is None:
                    continue
                version, date = self.base
                copies.append((["$NtUninstall%s$" % q], f[1], version if f[2] else None, date,
                               max(1024, f[4] - 16 * (1 + stable(q + f[1]) % 24))))
        if self.spec["sp"] in ("sp6", "sp6a") and self.line == "-":
            older = STANDARD_BASE["sp5"]
            for f in sorted(files, key=lambda f: stable("sp" + f[1]))[:8]:
                if f[2]:
                    copies.append((["$NtServicePackUninstall$"], f[1], older[0], older[1],
                                   max(1024, f[4] - 16 * (1 + stable(f[1]) % 40))))
        return copies


def walk_order(files):
    """The collector's order: a folder's files, then its subfolders, by name."""
    def key(f):
        parts = [p.lower() for p in f[0]]
        return [(1, p) for p in parts] + [(0, f[1])]
    return sorted(files, key=key)


def xml_attr(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def render(spec, hotfixes, files):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           "<!-- written by scripts/make-examples.py (do not edit): " + xml_attr(spec["note"]).replace("--", "-") + " -->",
           "<inventory>",
           '  <host name="%s" edition="%s" service-pack="%s" platform="%s" collected="%s" collector="%s">'
           % (spec["name"], spec["edition"], spec["sp"], spec["platform"], COLLECTED, COLLECTOR)]
    for q in hotfixes:
        out.append('    <hotfix id="%s"/>' % q)
    for parts, name, version, date, size in walk_order(files):
        path = "\\".join([spec["root"]] + parts + [name])
        line = '    <file path="%s"' % xml_attr(path)
        if version:
            line += ' version="%s"' % version
        line += ' date="%s" size="%d"/>' % (date, size)
        out.append(line)
    out += ["  </host>", "</inventory>", ""]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description="Write the example fleet (examples/fleet).")
    parser.add_argument("--catalog", default=os.path.join(ROOT, "kb", "catalog.tsv"))
    parser.add_argument("--output", default=os.path.join(ROOT, "examples", "fleet"))
    args = parser.parse_args()
    rules, order = load_catalog(args.catalog)
    for spec in HOSTS:
        for rid in spec.get("stale", []) + spec.get("regressed", []) + spec.get("applied", []) + [SP5_MANIFEST]:
            if rid not in rules:
                fail("rule %s is not in %s" % (rid, args.catalog))
    os.makedirs(args.output, exist_ok=True)
    for spec in HOSTS:
        hotfixes, files = Host(spec, rules, order).build()
        with open(os.path.join(args.output, spec["file"]), "w", encoding="utf-8", newline="\n") as f:
            f.write(render(spec, hotfixes, files))
        print("%s: %s, %d hotfixes, %d files" % (os.path.join(args.output, spec["file"]),
                                                spec["name"], len(hotfixes), len(files)))


if __name__ == "__main__":
    main()
