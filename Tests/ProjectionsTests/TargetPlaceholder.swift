// Keeps the ProjectionsTests target buildable until its tests land on this branch.
