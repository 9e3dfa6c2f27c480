"""Staff accounts: roles (登记员, 经办人, 领导, 督查, 管理员) and scope (a region subtree and/or a unit)."""
