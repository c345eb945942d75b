import Foundation

/// Reads Invitations.csv and Connections.csv from LinkedIn's "Get a copy of your data" export.
///
/// Wall-clock times in the files carry no zone; they are read in the given `timeZone` (UTC by default).
/// Unusable rows become ``ExportRowProblem``s; only whole-file failures throw ``ExportReadError``.
public enum LinkedInExportReader {
    /// Reads an Invitations.csv file.
    public static func readInvitations(contentsOf url: URL, timeZone: TimeZone = .gmt) throws -> InvitationsFile {
        try InvitationsParser.parse(
            text: ExportTextFile.read(url), fileName: url.lastPathComponent, timeZone: timeZone)
    }

    /// Reads the text of an Invitations.csv; `fileName` is used in problems and errors.
    public static func readInvitations(
        text: String, fileName: String = "Invitations.csv", timeZone: TimeZone = .gmt
    ) throws -> InvitationsFile {
        try InvitationsParser.parse(text: text, fileName: fileName, timeZone: timeZone)
    }

    /// Reads a Connections.csv file.
    public static func readConnections(contentsOf url: URL, timeZone: TimeZone = .gmt) throws -> ConnectionsFile {
        try ConnectionsParser.parse(
            text: ExportTextFile.read(url), fileName: url.lastPathComponent, timeZone: timeZone)
    }

    /// Reads the text of a Connections.csv; `fileName` is used in problems and errors.
    public static func readConnections(
        text: String, fileName: String = "Connections.csv", timeZone: TimeZone = .gmt
    ) throws -> ConnectionsFile {
        try ConnectionsParser.parse(text: text, fileName: fileName, timeZone: timeZone)
    }

    /// Finds the export files at a path: an unzipped export folder, or a single file.
    ///
    /// In a folder, `Invitations.csv` and `Connections.csv` are matched by name, ignoring case;
    /// at least one must be there. A single file is recognised by its name (starting with
    /// `Invitations` or `Connections`, ignoring case) or else by its header row.
    public static func locate(_ path: URL) throws -> (invitations: URL?, connections: URL?) {
        try ExportLocator.locate(path)
    }

    /// Finds the export files at a path, as `locate` does, and reads each of them once.
    ///
    /// A single file recognised by its header is parsed from the text read to recognise it, so
    /// a pipe (`<(unzip -p export.zip Invitations.csv)`), which can be read only once, works too.
    public static func read(_ path: URL, timeZone: TimeZone = .gmt)
        throws -> (invitations: InvitationsFile?, connections: ConnectionsFile?) {
        let found = try ExportLocator.find(path)
        let invitationsText = try found.invitations.map { (text: try $0.read(), name: label($0.url, kind: "Invitations.csv")) }
        let connectionsText = try found.connections.map { (text: try $0.read(), name: label($0.url, kind: "Connections.csv")) }
        var invitations = try invitationsText.map { try InvitationsParser.parse(text: $0.text, fileName: $0.name, timeZone: timeZone) }
        var connections = try connectionsText.map { try ConnectionsParser.parse(text: $0.text, fileName: $0.name, timeZone: timeZone) }
        // One spreadsheet re-saved both files alike: a file whose dates tell nothing takes the order the other's show. A file
        // given alone takes it from the other file beside it, read for its dates only: imported one after the other, the
        // second was read month first where the two read together were day first (audit 86).
        if invitations == nil, let connected = connections, connected.dates.undecided, let text = connectionsText,
           let beside = ExportLocator.sibling(of: path, named: ExportLocator.invitationsName),
           let evidence = try? InvitationsParser.parse(text: ExportTextFile.read(beside), fileName: beside.lastPathComponent,
                                                      timeZone: timeZone).dates, evidence.order == .dayFirst {
            connections = try ConnectionsParser.parse(text: text.text, fileName: text.name, timeZone: timeZone,
                                                      sibling: (beside.lastPathComponent, evidence))
        } else if connections == nil, let sent = invitations, sent.dates.undecided, let text = invitationsText,
                  let beside = ExportLocator.sibling(of: path, named: ExportLocator.connectionsName),
                  let evidence = try? ConnectionsParser.parse(text: ExportTextFile.read(beside), fileName: beside.lastPathComponent,
                                                             timeZone: timeZone).dates, evidence.order == .dayFirst {
            invitations = try InvitationsParser.parse(text: text.text, fileName: text.name, timeZone: timeZone,
                                                      sibling: (beside.lastPathComponent, evidence))
        }
        if let sent = invitations, let connected = connections, let text = connectionsText, let other = invitationsText {
            if connected.dates.undecided, sent.dates.order == .dayFirst {
                connections = try ConnectionsParser.parse(text: text.text, fileName: text.name, timeZone: timeZone, sibling: (sent.fileName, sent.dates))
            } else if sent.dates.undecided, connected.dates.order == .dayFirst {
                invitations = try InvitationsParser.parse(text: other.text, fileName: other.name, timeZone: timeZone, sibling: (connected.fileName, connected.dates))
            }
        }
        return (invitations, connections)
    }

    /// The export file `name` (`invitations.csv`, in any case) beside the file `path`, when both are regular files; nil otherwise.
    public static func file(_ name: String, beside path: URL) -> URL? {
        ExportLocator.sibling(of: path, named: name)
    }

    /// The copies of the export file `name` a browser renamed on download (`Invitations (1).csv`) among a folder's `names`, in name order.
    public static func downloadCopies(of name: String, among names: [String]) -> [String] {
        ExportLocator.downloadCopies(of: name, among: names)
    }

    /// How messages name a file: its name, or for a pipe's descriptor the kind its header showed.
    ///
    /// A descriptor (`/dev/fd/63`, from `<(unzip -p …)`) is not named by its number, since `63`
    /// would read as a line number.
    static func label(_ url: URL, kind: String) -> String {
        let path = url.path
        let isDescriptor = ["/dev/fd/", "/proc/self/fd/", "/dev/stdin"].contains { path.hasPrefix($0) }
        return isDescriptor ? kind : url.lastPathComponent
    }
}
