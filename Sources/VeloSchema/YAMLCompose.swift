import VeloBase
import Yams

/// Yams' `compose` with the alias-expansion guard every YAML reader of Velo applies (`YAMLExpansion`).
/// Plain scalars get the tags Yams' default resolver would give them (`YAMLImplicitTag`) without its
/// regular expressions, whose set-up costs 9 million instructions per process.
package enum YAMLCompose {
    /// The document's root, or `YAMLCompose.TooLarge` when its aliases expand beyond `YAMLExpansion`'s limit.
    package static func compose(_ text: String) throws -> Node? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            // Without rules every plain key is a string, so `1` and "1" clash; the default resolver decides.
            guard case .duplicatedKeysInMapping = error else { throw error }
            return try guarded(Yams.compose(yaml: text), text: text)
        }
        guard let root = try guarded(root, text: text) else { return nil }
        return try tagged(root) ?? guarded(Yams.compose(yaml: text), text: text)
    }

    static func guarded(_ root: Node?, text: String) throws -> Node? {
        if let root, !YAMLExpansion.isWithin(root, limit: YAMLExpansion.limit(textBytes: text.utf8.count), children: children) {
            throw TooLarge()
        }
        return root
    }

    /// The tree composed with `Resolver.basic`, each untagged plain scalar given the tag the default resolver
    /// would give it; explicit tags and quoted scalars keep theirs. Nil when a mapping key would be tagged
    /// differently: composing resolved the keys already (to find duplicates), as strings, so a key that reads
    /// as a number, boolean, null, merge or timestamp, or one that is not a scalar, needs the default resolver.
    package static func tagged(_ node: Node) -> Node? {
        switch node {
        case .scalar(var scalar):
            // An unresolved implicit tag prints as "" (`Tag.Name.implicit`).
            guard scalar.tag.description.isEmpty else { return node }
            scalar.tag = scalar.tag.copy(with: YAMLImplicitTag.name(of: scalar.string))
            return .scalar(scalar)
        case .mapping(var mapping):
            for index in mapping.indices {
                let (key, value) = mapping[index]
                guard case .scalar(let scalar) = key, scalar.style != .plain || YAMLImplicitTag.name(of: scalar.string) == .str,
                    let value = tagged(value)
                else { return nil }
                mapping[index] = (key, value)
            }
            return .mapping(mapping)
        case .sequence(var sequence):
            for index in sequence.indices {
                guard let item = tagged(sequence[index]) else { return nil }
                sequence[index] = item
            }
            return .sequence(sequence)
        case .alias:
            return node
        }
    }

    package struct TooLarge: Error, CustomStringConvertible {
        package var description: String { YAMLExpansion.message }
    }

    package static func children(_ node: Node) -> [Node] {
        switch node {
        case .mapping(let m): return m.flatMap { [$0.key, $0.value] }
        case .sequence(let s): return Array(s)
        default: return []
        }
    }
}
