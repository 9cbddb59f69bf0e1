"""One file per Screen or ModalScreen."""
