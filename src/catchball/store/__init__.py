"""The only code that touches the disk: session folders, the event log, agendas, locks."""
