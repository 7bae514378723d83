"""Which places are listed: one statement for the Linux collectors (the VBScript collector
keeps the same list, and a test checks that they agree).

A hotfix writes under %SystemRoot%, in the boot drive's root (ntldr, ntdetect.com) and in
the Program Files folders. Users' profiles, temporary files, queued print jobs, logs and the
registry's own files are none of those, and listing them would send document names to the
share and let an old copy on a user's desktop decide a verdict."""

# Below %SystemRoot%, compared without regard to case.
SKIPPED_UNDER_SYSTEM_ROOT = (
    "Profiles",  # user profiles: desktops, documents, Internet caches
    "Temp",
    r"system32\spool\PRINTERS",  # queued print jobs
    r"system32\LogFiles",  # IIS and FTP logs
    r"system32\config",  # registry hives and event logs: locked, no versions
)

# The boot drive's root is listed without its folders: only ntldr, ntdetect.com, boot.ini
# and what else lies there.
BOOT_FILES_ONLY = True


def skipped(relative):
    """True when a folder below %SystemRoot% (given as `system32\\spool\\PRINTERS`) is left out."""
    lowered = relative.strip("\\").lower()
    return any(lowered == place.lower() for place in SKIPPED_UNDER_SYSTEM_ROOT)
