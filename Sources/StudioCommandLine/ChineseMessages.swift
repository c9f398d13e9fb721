import ArgumentParser
import Foundation

/// The argument parser's own words in Chinese: its help headings, its "(values: …; default: …)" notes, its help
/// flag's line and its parse errors. The library has no hook for these texts, so the finished message
/// (`fullMessage(for:)`, which renders help as well as errors) is rewritten phrase by phrase; a phrase a later
/// version words differently stays English, which the end-to-end test of `--help` and the errors catches.
public enum ChineseMessages {
    /// Pattern → template, applied in order (the longer phrase of two that begin alike comes first).
    static let rules: [(String, String)] = [
        // Help.
        (#"(?m)^OVERVIEW: "#, "概述："),
        (#"(?m)^USAGE: "#, "用法："),
        (#"(?m)^ARGUMENTS:$"#, "参数："),
        (#"(?m)^OPTIONS:$"#, "选项："),
        (#"(?m)^SUBCOMMANDS:$"#, "子命令："),
        (#"(?m)^(.+) SUBCOMMANDS:$"#, "$1 子命令："),
        (#"See '([^']+) <subcommand>' for detailed help\."#, "用「$1 <子命令>」查看子命令的详细说明。"),
        (#"See '([^']+)' for more information\."#, "用「$1」查看详细说明。"),
        (#"Show subcommand help information\."#, "显示子命令的帮助。"),
        (#"Show help information\."#, "显示帮助。"),
        (#"Show the version\."#, "显示版本。"),
        // " (default)" is 10 columns, "（默认）" 8: two spaces keep the abstracts' column.
        (#"(?m)^(\s+\S+) \(default\)"#, "$1（默认）  "),
        // The notes may be wrapped across lines (\s+ where the library put a space).
        (#" ?\(values:\s+([^;)]+);\s+default\s+as\s+flag:\s+([^)]*)\)"#, "（可选：$1；只写选项名时为 $2）"),
        (#" ?\(values:\s+([^;)]+);\s+default:\s+([^)]*)\)"#, "（可选：$1；默认：$2）"),
        (#" ?\(values:\s+([^)]+)\)"#, "（可选：$1）"),
        (#" ?\(default\s+as\s+flag:\s+([^)]*)\)"#, "（只写选项名时为 $1）"),
        (#" ?\(default:\s+([^)]*)\)"#, "（默认：$1）"),
        (#"<subcommand>"#, "<子命令>"),
        (#"<options>"#, "<选项>"),
        // Errors.
        (#"(?m)^Error: "#, "错误："),
        (#"(?m)^Help:  "#, "说明："),
        (#"(?m)^Usage: "#, "用法："),
        (#"Missing expected argument '([^']+)'"#, "缺少必需的参数 $1"),
        (#"Missing one of: '(.+)'"#, "缺少以下之一：$1"),
        (#"Unknown option '([^']+)'\. Did you mean '([^']+)'\?"#, "未知选项 $1，是不是要写 $2？"),
        (#"Unknown option '([^']+)'"#, "未知选项 $1"),
        (#"Missing value for '([^']+)'"#, "选项 $1 缺少值"),
        (#"The option '([^']+)' does not take any value, but '(.*)' was specified\."#, "选项 $1 不带值，却写了「$2」。"),
        (#"The value '(.*)' is invalid for '([^']+)'"#, "$2 的值「$1」无效"),
        (#"The value '(.*)' is invalid\."#, "值「$1」无效。"),
        (#"\. Please provide one of the following:"#, "，请从以下选择："),
        (#"\. Please provide one of (.+)\."#, "，可选：$1。"),
        (#"(\d+) unexpected arguments: '(.+)'"#, "$1 个多余的参数：「$2」"),
        (#"Unexpected argument '(.*)'"#, "多余的参数「$1」"),
        (#"Missing required subcommand\."#, "缺少子命令。"),
        (#"Invalid option: (.+)"#, "无效的选项：$1"),
        (#"Value to be set with (.+) had already been set with (.+)"#, "$1 与 $2 重复设置了同一项"),
    ]

    static let compiled: [(NSRegularExpression, String)] = rules.map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    public static func translate(_ text: String) -> String {
        var out = text
        for (regex, template) in compiled {
            out = regex.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: template)
        }
        // Value lists read "'a', 'b' or 'c'" or "a, b, c" in the library; a Chinese list is a、b、c.
        return lists(out)
    }

    static let list = try! NSRegularExpression(pattern: "(?<=可选：)[^；）。]+")

    /// "（可选：table, json, csv；" → "（可选：table、json、csv；", "，可选：'table', 'json' or 'csv'。" → "，可选：table、json、csv。"
    static func lists(_ text: String) -> String {
        var out = text
        for match in list.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            guard let range = Range(match.range, in: out) else { continue }
            let items = out[range].replacingOccurrences(of: "'", with: "")
                .replacingOccurrences(of: #",?\s+or\s+|,\s+"#, with: "、", options: .regularExpression)
            out.replaceSubrange(range, with: items)
        }
        return out
    }
}

/// Prints any error — ours, the parser's, a help request — in Chinese and exits with the library's code
/// (0 for help, 64 for usage errors, the command's own code for `ExitCode`). `root`: the program's root command.
public func exitInChinese(_ root: any ParsableCommand.Type, withError error: Error) -> Never {
    let message = ChineseMessages.translate(root.fullMessage(for: error))
    let code = root.exitCode(for: error)
    if !message.isEmpty {
        if code == .success { print(message) } else { printError(message) }
    }
    exit(code.rawValue)
}
