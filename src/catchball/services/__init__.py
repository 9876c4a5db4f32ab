"""What the TUI and the command line share: creating, opening, carrying forward and practising
sessions. Sits between them and store/domain; imports no Textual."""
