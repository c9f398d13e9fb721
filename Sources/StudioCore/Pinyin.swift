import Foundation

/// Pinyin forms of a Chinese name, computed with Foundation's ICU transforms
/// (no hand-made tables). Stored beside each member and studio so that
/// sorting and initials search are plain indexed queries.
public struct PinyinKey: Equatable, Sendable, Codable {
    /// Syllables separated by spaces, lower case, no tones: "zhang xue qin".
    public var spaced: String
    /// The same without spaces: "zhangxueqin".
    public var compact: String { spaced.replacingOccurrences(of: " ", with: "") }
    /// First letter of each syllable: "zxq".
    public var initials: String

    public init(_ text: String) {
        let latin = text.applyingTransform(.mandarinToLatin, reverse: false) ?? text
        let plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        let words = plain.lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map(String.init)
        spaced = words.joined(separator: " ")
        initials = String(words.compactMap(\.first))
    }
}

/// Chinese ordering: ICU's zh_CN collation sorts Han characters by pinyin.
public enum ChineseCollation {
    public static let locale = Locale(identifier: "zh_CN")

    public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        a.compare(b, locale: locale) == .orderedAscending
    }
}

/// What the user typed into a search box: Chinese text matches as a substring,
/// Latin letters match pinyin initials ("zxq") or whole pinyin ("zhangx").
public struct SearchQuery: Equatable, Sendable {
    public let text: String

    public init(_ text: String) {
        self.text = text.trimmingCharacters(in: .whitespaces)
    }

    public var isEmpty: Bool { text.isEmpty }

    /// Letters only (a–z): compare against pinyin rather than the characters.
    public var isPinyin: Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && CharacterSet.letters.contains($0) }
    }

    /// Lower-cased letters for pinyin matching.
    public var pinyinText: String { text.lowercased() }

    public func matches(name: String, key: PinyinKey, otherFields: [String] = []) -> Bool {
        if isEmpty { return true }
        if isPinyin {
            let q = pinyinText
            if key.initials.contains(q) || key.compact.contains(q) { return true }
            return name.lowercased().contains(q)
        }
        if name.contains(text) { return true }
        return otherFields.contains { $0.contains(text) }
    }
}
