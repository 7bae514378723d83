"""What an NT 4.0 host is, decided from its registry: the one statement of these rules for the
Linux collectors (the VBScript collector, which runs on the host, follows the same list).

A `Registry` answers `value(path, name)` (None when the key or value is missing) and
`subkeys(path)` (None when the key is missing); either raises `RegistryUnreadable` when the
key is there but cannot be read (access denied, a broken hive)."""

import re
from dataclasses import dataclass, field

CURRENT_VERSION = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion"
HOTFIX = CURRENT_VERSION + r"\Hotfix"
CONTROL = r"SYSTEM\CurrentControlSet\Control"
PRODUCT_OPTIONS = CONTROL + r"\ProductOptions"
WINDOWS_CONTROL = CONTROL + r"\Windows"
ENVIRONMENT = CONTROL + r"\Session Manager\Environment"
COMPUTER_NAME = CONTROL + r"\ComputerName\ComputerName"
TIME_ZONE = CONTROL + r"\TimeZoneInformation"
WINDOWS_CURRENT_VERSION = r"SOFTWARE\Microsoft\Windows\CurrentVersion"

PLATFORMS = {"x86": "intel", "alpha": "alpha", "mips": "mips", "ppc": "ppc"}


class RegistryUnreadable(Exception):
    """A key that exists but cannot be read."""


class NotJudgeable(Exception):
    """A host hotfix-check cannot judge (not NT 4.0, an unknown product type or processor)."""


@dataclass
class HostFacts:
    name: str
    edition: str
    service_pack: str
    platform: str
    # None when the hotfix list could not be read (written as hotfixes="unknown").
    hotfixes: list
    system_root: str
    # ProgramFilesDir and CommonFilesDir, where the registry names them.
    program_folders: list
    # Minutes to add to local time to get UTC (ActiveTimeBias): file dates are written as
    # the host's own clock shows them, as the VBScript collector on the host writes them.
    time_bias: int
    warnings: list = field(default_factory=list)


def edition_of(product_type, product_suite):
    """ProductType WinNT = workstation, ServerNT/LanmanNT = server; the ProductSuite names
    Enterprise and Terminal Server Edition."""
    kind = (product_type or "").strip().lower()
    suite = [s.lower() for s in (product_suite or [])]
    if kind == "winnt":
        return "workstation"
    if kind not in ("servernt", "lanmannt"):
        raise NotJudgeable(f"unknown ProductType {product_type!r} (expected WinNT, ServerNT or LanmanNT)")
    if any("terminal server" in s for s in suite):
        return "terminal-server"
    if any("enterprise" in s for s in suite):
        return "enterprise"
    return "server"


def service_pack_of(csd_text, csd_number, sp6a_recorded, edition, warnings):
    """CSDVersion ("Service Pack 6") under CurrentVersion; where that is missing, the
    CSDVersion DWORD under Control\\Windows (0x600 for SP6). SP6a keeps "Service Pack 6" and
    records Q246009 (article Q246009); Terminal Server Edition has no SP6a, so there the key
    means nothing."""
    number, letter = None, ""
    if csd_text is not None and csd_text.strip():
        match = re.search(r"service pack\s+(\d+)\s*([a-z]?)", csd_text, re.IGNORECASE)
        if not match:
            raise NotJudgeable(f"cannot tell the service pack from CSDVersion {csd_text!r}")
        number, letter = int(match.group(1)), match.group(2).lower()
    elif csd_text is not None:
        number = 0
    elif isinstance(csd_number, int):
        number = (csd_number >> 8) & 0xFF
    else:
        number = 0
    if number > 6:
        raise NotJudgeable(f"service pack {number}: Windows NT 4.0 ends at Service Pack 6a")
    result = f"sp{number}"
    if result == "sp6" and (letter == "a" or sp6a_recorded):
        if edition == "terminal-server":
            if letter == "a":
                warnings.append("CSDVersion says 6a, but Terminal Server Edition has no SP6a: recorded as sp6")
        else:
            result = "sp6a"
    return result


def platform_of(architecture):
    """The machine's PROCESSOR_ARCHITECTURE (Session Manager\\Environment), never a user's."""
    arch = (architecture or "").strip().lower()
    if not arch:
        raise NotJudgeable("cannot read PROCESSOR_ARCHITECTURE under " + ENVIRONMENT)
    if arch not in PLATFORMS:
        raise NotJudgeable(f"PROCESSOR_ARCHITECTURE is {architecture}, not a Windows NT 4.0 platform (x86, ALPHA, MIPS, PPC)")
    return PLATFORMS[arch]


def hotfix_id(name):
    """Q246009, q246009 and KB246009 are Q246009; Q147222_SP3 keeps its number; else None."""
    rest = name[2:] if name[:2].upper() == "KB" else name[1:] if name[:1].upper() == "Q" else name
    digits = re.match(r"\d{1,7}(?!\d)", rest)
    return "Q" + digits.group(0) if digits else None


def check_nt4(kernel_version, build_number):
    """NT 4.0 is build 1381: the kernel's version resource (what the host runs) says so, and
    the registry's CurrentBuildNumber where it has one."""
    if kernel_version is None:
        raise NotJudgeable("cannot read the version of %SystemRoot%\\system32\\ntoskrnl.exe")
    if not kernel_version.startswith("4.0.1381."):
        raise NotJudgeable(f"ntoskrnl.exe is version {kernel_version}: not Windows NT 4.0 (4.0.1381)")
    if build_number is not None and str(build_number).strip() != "1381":
        raise NotJudgeable(f"CurrentBuildNumber is {build_number}: not Windows NT 4.0 (1381)")


def read_hotfixes(registry, warnings):
    """The Hotfix subkeys whose Installed is not 0, by number (registries differ in the order
    they list subkeys); None when the list cannot be read. A missing Hotfix key means none."""
    try:
        names = registry.subkeys(HOTFIX)
    except RegistryUnreadable as error:
        warnings.append(f"cannot read {HOTFIX}: {error}: hotfix list unknown")
        return None
    result = []
    for name in names or []:
        found = hotfix_id(name)
        if found is None:
            warnings.append(f"registry key Hotfix\\{name} is not a hotfix number: left out")
            continue
        try:
            installed = registry.value(HOTFIX + "\\" + name, "Installed")
        except RegistryUnreadable as error:
            warnings.append(f"cannot read Hotfix\\{name}\\Installed: {error}: counted as installed")
            installed = None
        if installed in (0, "0"):
            continue
        if found not in result:
            result.append(found)
    return sorted(result, key=lambda q: int(q[1:]))


# A computer name as NT 4.0 takes it (at most 15 characters, none of \\ / : * ? " < > | or a
# control character, not beginning with a dot): it names the inventory file, so a hostile or
# broken registry must not name another folder with it (..\..\x).
_COMPUTER_NAME = re.compile(r'[^\\/:*?"<>|\x00-\x1f.][^\\/:*?"<>|\x00-\x1f]{0,14}')


def computer_name(registry_name, fallback_name, warnings):
    """The registry's ComputerName where it is one, else `fallback_name` (the name the host was
    called by, or --name); NotJudgeable when neither is."""
    name = (registry_name or "").strip()
    if name and not _COMPUTER_NAME.fullmatch(name):
        if not fallback_name:
            raise NotJudgeable(f"ComputerName {name!r} is not a computer name: give one with --name")
        warnings.append(f"ComputerName {name!r} is not a computer name: recorded as {fallback_name}")
        name = ""
    name = name or fallback_name
    if name and not _COMPUTER_NAME.fullmatch(name):
        raise NotJudgeable(f"{name!r} is not a computer name (at most 15 characters, none of \\ / : * ? \" < > |)")
    return name


def sp6a_recorded(registry, edition, warnings):
    """Whether Hotfix\\Q246009 records SP6a; where it cannot be read, SP6 is recorded (the
    safer side: a rule SP6a fixes then asks for SP6a) with a warning."""
    try:
        return registry.value(HOTFIX + r"\Q246009", "Installed") in (1, "1")
    except RegistryUnreadable as error:
        if edition != "terminal-server":
            warnings.append(f"cannot read Hotfix\\Q246009: {error}: an SP6 host is recorded as sp6, not sp6a")
        return False


def signed32(value):
    return value - (1 << 32) if isinstance(value, int) and value >= 1 << 31 else value


def read_facts(registry, kernel_version, fallback_name):
    """Everything the inventory says about the host, or NotJudgeable."""
    warnings = []
    check_nt4(kernel_version, registry.value(CURRENT_VERSION, "CurrentBuildNumber"))
    edition = edition_of(registry.value(PRODUCT_OPTIONS, "ProductType"), as_list(registry.value(PRODUCT_OPTIONS, "ProductSuite")))
    sp6a = sp6a_recorded(registry, edition, warnings)
    service_pack = service_pack_of(
        registry.value(CURRENT_VERSION, "CSDVersion"), registry.value(WINDOWS_CONTROL, "CSDVersion"), sp6a, edition, warnings)
    platform = platform_of(registry.value(ENVIRONMENT, "PROCESSOR_ARCHITECTURE"))
    name = computer_name(registry.value(COMPUTER_NAME, "ComputerName"), fallback_name, warnings)
    system_root = (registry.value(CURRENT_VERSION, "SystemRoot") or "").strip() or r"C:\WINNT"
    folders = []
    for value in ("ProgramFilesDir", "CommonFilesDir"):
        folder = (registry.value(WINDOWS_CURRENT_VERSION, value) or "").strip()
        if folder:
            folders.append(folder)
    bias = signed32(registry.value(TIME_ZONE, "ActiveTimeBias"))
    if not isinstance(bias, int):
        bias = signed32(registry.value(TIME_ZONE, "Bias"))
    return HostFacts(
        name=name, edition=edition, service_pack=service_pack, platform=platform,
        hotfixes=read_hotfixes(registry, warnings), system_root=system_root, program_folders=folders,
        time_bias=bias if isinstance(bias, int) else 0, warnings=warnings)


def as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
