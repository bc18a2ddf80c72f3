"""Home page sections of the other roles: vetting officer, analyst, reporting line officer, auditor,
counter-corruption officer, integrity approver, oversight reader, administrator, and anyone with
a workforce record (their own declarations) (workday.home.register)."""
