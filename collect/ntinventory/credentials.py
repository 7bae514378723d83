"""An administrator's credentials for the remote collector, never from the command line where
`ps` and the shell's history would show them: a file only its owner can read (smbclient's
authentication file: `username =`, `password =` or `nthash =`, `domain =`), the environment
(HOTFIX_USER, HOTFIX_PASSWORD or HOTFIX_NTHASH, HOTFIX_DOMAIN), or a prompt."""

import getpass
import os
import re
import stat
import sys
from dataclasses import dataclass


class CredentialError(Exception):
    pass


@dataclass
class Credentials:
    user: str
    domain: str = ""
    password: str = ""
    nthash: str = ""


def split_user(text):
    """`DOMAIN\\user` or `user@domain` or `user`."""
    if "\\" in text:
        domain, _, user = text.partition("\\")
        return user, domain
    if "@" in text:
        user, _, domain = text.partition("@")
        return user, domain
    return text, ""


def read_file(path):
    """The file's fields; refused when others than its owner may read it, or another user owns it."""
    try:
        f = open(path, encoding="utf-8")
    except OSError as error:
        raise CredentialError(f"cannot read the credentials file {path}: {error.strerror}") from error
    with f:
        # The file opened is the one checked (fstat, not stat then open).
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise CredentialError(f"the credentials file {path} is not a regular file")
        if info.st_mode & 0o077:
            raise CredentialError(
                f"the credentials file {path} can be read by others (mode {stat.S_IMODE(info.st_mode):04o}): chmod 600 {path} first")
        if info.st_uid != os.geteuid():
            raise CredentialError(f"the credentials file {path} belongs to another user")
        fields = {}
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, equals, value = line.partition("=")
            key = key.strip().lower()
            if not equals or key not in ("username", "password", "nthash", "domain"):
                raise CredentialError(f"{path}:{number}: expected username =, password =, nthash = or domain =")
            fields[key] = value.strip()
    return fields


def gather(user_option, file_option, environment=os.environ, prompt=True):
    fields = read_file(file_option) if file_option else {}
    user_text = user_option or fields.get("username") or environment.get("HOTFIX_USER", "")
    if not user_text:
        raise CredentialError("no user: give --user DOMAIN\\NAME (or username = in the credentials file, or HOTFIX_USER)")
    user, domain = split_user(user_text)
    domain = domain or fields.get("domain") or environment.get("HOTFIX_DOMAIN", "")
    password = fields.get("password") or environment.get("HOTFIX_PASSWORD", "")
    nthash = (fields.get("nthash") or environment.get("HOTFIX_NTHASH", "")).lower()
    if nthash and not re.fullmatch(r"[0-9a-f]{32}", nthash):
        raise CredentialError("the NT hash must be 32 hexadecimal digits")
    if not password and not nthash:
        if not (prompt and sys.stdin.isatty()):
            raise CredentialError(
                "no password: give a credentials file (--credentials, mode 600), HOTFIX_PASSWORD or HOTFIX_NTHASH, or run on a terminal to be asked")
        password = getpass.getpass(f"password for {domain + chr(92) if domain else ''}{user}: ")
    return Credentials(user=user, domain=domain, password=password, nthash=nthash)
