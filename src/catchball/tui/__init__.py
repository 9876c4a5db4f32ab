"""The Textual front end: reads state, sends commands, renders."""
