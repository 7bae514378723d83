/// The version of hotfix-check, as `hotfix-check --version` prints it: the one place it is set.
public let hotfixCheckVersion = "0.12.0"
