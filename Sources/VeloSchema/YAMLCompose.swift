import VeloBase
import Yams

/// Yams' `compose` with the alias-expansion guard every YAML reader of Velo applies (`YAMLExpansion`).
package enum YAMLCompose {
    /// The document's root, or `YAMLCompose.TooLarge` when its aliases expand beyond `YAMLExpansion`'s limit.
    package static func compose(_ text: String) throws -> Node? {
        let root = try Yams.compose(yaml: text)
        if let root, !YAMLExpansion.isWithin(root, limit: YAMLExpansion.limit(textBytes: text.utf8.count), children: children) {
            throw TooLarge()
        }
        return root
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
