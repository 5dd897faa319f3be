"""Users, roles, login and the guards that keep every route and callback behind them."""

ROLES = ("executive", "marketer", "partner_manager", "analyst", "admin")

DEMO_ACCOUNTS = {
    "exec": "executive",
    "marketer": "marketer",
    "partners": "partner_manager",
    "analyst": "analyst",
    "admin": "admin",
}
