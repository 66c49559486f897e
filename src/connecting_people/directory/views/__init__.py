"""The directory's screens, one module per subject: services, the team layer, connectors."""
