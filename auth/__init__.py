"""Users, roles, login and the guards that keep every route and callback behind them."""

ROLES = ("executive", "marketer", "partner_manager", "analyst", "admin")

DEMO_ACCOUNTS = {
    "exec": "executive",
    "marketer": "marketer",
    "partners": "partner_manager",
    "analyst": "analyst",
    "admin": "admin",
}

# Words people type for a role (``python -m auth.cli add NAME --role exec``) -> the role.
ROLE_ALIASES = {
    "exec": "executive",
    "executives": "executive",
    "marketing": "marketer",
    "partners": "partner_manager",
    "partner": "partner_manager",
    "partner-manager": "partner_manager",
    "analytics": "analyst",
    "administrator": "admin",
}
