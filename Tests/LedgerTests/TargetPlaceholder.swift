// Keeps the LedgerTests target buildable until its tests land on this branch.
