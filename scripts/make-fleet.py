#!/usr/bin/env python3
"""Write a synthetic NT 4.0 fleet for benchmarks, the same with the same seed.

usage: make-fleet.py OUT_DIR [--hosts N] [--files N] [--seed S] [--names FILE]

Writes OUT_DIR/xml/hostNNNNN.xml (one inventory per host) and OUT_DIR/fleet.csv
(the same fleet as one CSV). File names are drawn from --names (one per line,
e.g. the names the rules list, so the audit has real work) and from made-up
names; versions, dates and sizes vary, some hosts record hotfixes, some files
sit in $NtUninstall folders.
"""
import os
import random
import sys
from xml.sax.saxutils import quoteattr


def main(argv):
    args = argv[1:]
    def opt(name, default):
        if name in args:
            i = args.index(name)
            value = args[i + 1]
            del args[i:i + 2]
            return value
        return default
    hosts = int(opt("--hosts", "1000"))
    files = int(opt("--files", "2000"))
    seed = int(opt("--seed", "42"))
    names_file = opt("--names", None)
    if len(args) != 1:
        print(__doc__)
        return 2
    out = args[0]
    rng = random.Random(seed)
    known = []
    if names_file:
        with open(names_file, encoding="utf-8") as f:
            known = sorted({line.strip() for line in f if line.strip()})
    made_up = [f"file{n:05d}.{ext}" for n in range(6000) for ext in ("dll",)][:6000]
    os.makedirs(os.path.join(out, "xml"), exist_ok=True)
    editions = ["server"] * 6 + ["workstation"] * 2 + ["enterprise", "terminal-server"]
    packs = ["sp3", "sp4", "sp5", "sp6", "sp6a", "sp6a", "sp6a"]
    with open(os.path.join(out, "fleet.csv"), "w", encoding="utf-8", newline="") as csv:
        csv.write("host,edition,service_pack,platform,path,version,date,size,hotfix\r\n")
        for h in range(hosts):
            name = f"NTHOST{h:05d}"
            edition = rng.choice(editions)
            pack = rng.choice(packs)
            platform = "alpha" if rng.random() < 0.1 else "intel"
            tse = edition == "terminal-server"
            root = "C:\\WTSRV" if tse else "C:\\WINNT"
            hotfixes = [f"Q{rng.randint(140000, 330000)}" for _ in range(rng.randint(0, 8))]
            rows = []
            for i in range(files):
                if known and rng.random() < 0.25:
                    base = rng.choice(known)
                else:
                    base = rng.choice(made_up)
                folder = rng.choice(["system32", "system32", "system32\\drivers", "system", "inf", "help"])
                if rng.random() < 0.02:
                    folder = f"$NtUninstall{rng.choice(hotfixes or ['Q123456'])}$"
                build = rng.randint(32768, 33500) if tse else rng.randint(1, 7400)
                version = f"4.0.1381.{build}" if rng.random() < 0.8 else ""
                date = f"{rng.randint(1996, 2002)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                size = str(rng.randint(1000, 2000000))
                rows.append((f"{root}\\{folder}\\{base}", version, date, size))
            with open(os.path.join(out, "xml", f"{name.lower()}.xml"), "w", encoding="utf-8") as x:
                x.write('<?xml version="1.0" encoding="UTF-8"?>\n')
                x.write(f'<host name="{name}" edition="{edition}" service-pack="{pack}" platform="{platform}">\n')
                for q in hotfixes:
                    x.write(f'  <hotfix id="{q}"/>\n')
                for path, version, date, size in rows:
                    v = f' version="{version}"' if version else ""
                    x.write(f'  <file path={quoteattr(path)}{v} date="{date}" size="{size}"/>\n')
                x.write("</host>\n")
            lead = f"{name},{edition},{pack},{platform}"
            for q in hotfixes:
                csv.write(f"{lead},,,,,{q}\r\n")
            for path, version, date, size in rows:
                csv.write(f"{lead},{path},{version},{date},{size},\r\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
