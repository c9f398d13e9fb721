import CSV
import Foundation
import StudioCore

/// The one CSV writer of the program: every `--format csv`, every export, the archive bundle, the rota, the
/// scorecard summary and the screens' CSV files go through here. Quoting of commas, quotes and newlines is
/// CSV.swift's job; a cell that Excel or WPS would run as a formula gets a leading apostrophe (OWASP's rule,
/// `FormulaCells`), so a name or note typed as `=HYPERLINK(…)` reaches a spreadsheet as text.
public enum CSVText {
    public static func render(headers: [String], rows: [[String]], bom: Bool = false) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: headers.map(FormulaCells.neutralised))
        for r in rows { try writer.write(row: r.map(FormulaCells.neutralised)) }
        writer.stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return (bom ? "\u{FEFF}" : "") + String(decoding: data, as: UTF8.self) + "\n"
    }

    /// UTF-8 with a BOM, so Excel and WPS open the Chinese right.
    public static func forExcel(headers: [String], rows: [[String]]) throws -> String {
        try render(headers: headers, rows: rows, bom: true)
    }
}
