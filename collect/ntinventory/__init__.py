"""hotfix-check's collectors that run on Linux: remote (SMB1 and the remote registry) and
offline (a mounted or copied NT 4.0 system tree). Both decide what a host is by the rules in
`facts`, walk the same places (`places`), read versions the same way (`pe_version`) and write
the inventory of the contract, section 3 (`inventory_xml`)."""

VERSION = "1.0"
