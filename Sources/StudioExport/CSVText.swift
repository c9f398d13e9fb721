import CSV
import Foundation

/// CSV through CSV.swift (quoting of commas, quotes and newlines is its job, not ours);
/// shared by the archive bundle and the `--format csv` subcommands.
public enum CSVText {
    public static func render(headers: [String], rows: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: headers)
        for r in rows { try writer.write(row: r) }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// UTF-8 with a BOM, so Excel and WPS open the Chinese right; cells that could run as formulas kept as text.
    public static func forExcel(headers: [String], rows: [[String]]) throws -> String {
        "\u{FEFF}" + (try render(headers: headers.map(neutralised), rows: rows.map { $0.map(neutralised) }))
    }

    /// A cell beginning with = + - @ or a tab would run as a formula in Excel; a leading apostrophe keeps it
    /// text (and an import takes the apostrophe off again).
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.first, "=+-@\t".contains(first) else { return cell }
        return "'" + cell
    }
}
