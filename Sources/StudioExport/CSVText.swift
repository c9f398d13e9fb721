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
}
