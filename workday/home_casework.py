"""Home page sections of the case-working roles: investigator, supervisor, appropriate authority,
hearings officer (workday.home.register)."""
