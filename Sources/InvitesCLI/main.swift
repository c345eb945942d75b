import InvitesCommands

// The `invites` executable: everything it does lives in InvitesCommands, which its unit tests import.
Invites.main()
