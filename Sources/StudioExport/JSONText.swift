import Foundation

/// JSON as every `--format json` output writes it: pretty, keys sorted, slashes left alone.
public enum JSONText {
    public static func render<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

/// An optional that a JSON report writes as null instead of leaving the key out, so that a
/// reader sees every field of the documented shape. (Synthesized Encodable skips nil optionals.)
@propertyWrapper
public struct NullWhenAbsent<T: Encodable>: Encodable {
    public var wrappedValue: T?
    public init(wrappedValue: T?) { self.wrappedValue = wrappedValue }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}

extension NullWhenAbsent: Decodable where T: Decodable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(T.self)
    }
}

extension NullWhenAbsent: Equatable where T: Equatable {}
extension NullWhenAbsent: Sendable where T: Sendable {}
