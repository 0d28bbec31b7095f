/// Catalog coverage at K: the share of catalog items that appear in at least one
/// user's top-K list.
///
/// A system that shows everyone the same blockbusters covers K items; a system that
/// personalises covers many more. After LensKit's and RecBole's `ItemCoverage`.
public enum Coverage {
    /// - Parameters:
    ///   - lists: each evaluated user's recommended item indices (top K).
    ///   - itemCount: the catalog size.
    /// - Returns: distinct recommended items / `itemCount`, in [0, 1]; 0 for an empty catalog.
    /// - Complexity: O(itemCount + total list length).
    public static func value(lists: [[Int]], itemCount: Int) -> Double {
        guard itemCount > 0 else { return 0 }
        var shown = [Bool](repeating: false, count: itemCount)
        var distinct = 0
        for list in lists {
            for item in list where !shown[item] {
                shown[item] = true
                distinct += 1
            }
        }
        return Double(distinct) / Double(itemCount)
    }
}
