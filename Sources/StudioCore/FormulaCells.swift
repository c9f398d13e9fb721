import Foundation

/// OWASP's rule against CSV injection, in one place for the CSV writer (every file the program writes) and the
/// import (every file it reads back): what makes Excel or WPS run a cell, how a written cell is kept as text,
/// and how the import tells a kept cell from a formula however disguised.
public enum FormulaCells {
    /// A cell starting with one of these runs as a formula (or starts one) in Excel or WPS; the full-width forms
    /// are taken as their ASCII ones by a Chinese input method's spreadsheet.
    public static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]

    /// The cell as a CSV holds it: a leading apostrophe keeps it text.
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, triggers.contains(Character(first)) else { return cell }
        return "'" + cell
    }

    /// The cell as an import reads it: the apostrophe `neutralised` added is taken off again.
    /// Scalars, not Characters: "\r\n" is one Character and would hide the CR.
    public static func restored(_ cell: String) -> String {
        let scalars = cell.unicodeScalars
        guard scalars.first == "'", let next = scalars.dropFirst().first, triggers.contains(Character(next)) else { return cell }
        return String(cell.dropFirst())
    }

    /// A formula however disguised: after an apostrophe and any spaces, tabs or line breaks, an = or ＝.
    public static func isFormula(_ cell: String) -> Bool {
        var rest = Substring(cell)
        if rest.first == "'" { rest = rest.dropFirst() }
        return rest.first { !$0.isWhitespace }.map { $0 == "=" || $0 == "＝" } ?? false
    }
}
