/// A loaded catalog: its manifest, its items and everyone's interactions with them.
///
/// A value type; loading (`Catalog.load(from:)`) validates everything, so code that
/// holds a `Catalog` may rely on: item indices are dense and match positions, ids are
/// unique, every interaction names a known user and item.
public struct Catalog: Sendable {
    public var manifest: CatalogManifest
    public var items: [Item]
    public var interactions: Interactions
    /// Item index by the catalog's own id.
    public var indexByID: [String: Int]

    public init(manifest: CatalogManifest, items: [Item], interactions: Interactions) {
        self.manifest = manifest
        self.items = items
        self.interactions = interactions
        var byID: [String: Int] = [:]
        byID.reserveCapacity(items.count)
        for item in items { byID[item.id] = item.index }
        self.indexByID = byID
    }

    /// The item with the catalog's own id, if there is one.
    public func item(id: String) -> Item? {
        indexByID[id].map { items[$0] }
    }
}
