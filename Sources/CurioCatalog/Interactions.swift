/// Every (user, item, rating, time) event of a catalog, stored column-wise.
///
/// Users and items are dense indices; `userIDs[u]` maps a user index back to the
/// id written in `interactions.tsv`. Row order is the file's order.
public struct Interactions: Sendable {
    /// User index of each interaction.
    public var users: [Int32]
    /// Item index (`Item.index`) of each interaction.
    public var items: [Int32]
    public var ratings: [Float]
    /// Unix seconds.
    public var timestamps: [Int64]
    /// The id of each user index, as written in the file.
    public var userIDs: [String]

    public init(users: [Int32] = [], items: [Int32] = [], ratings: [Float] = [],
                timestamps: [Int64] = [], userIDs: [String] = []) {
        self.users = users
        self.items = items
        self.ratings = ratings
        self.timestamps = timestamps
        self.userIDs = userIDs
    }

    public var count: Int { users.count }
    public var userCount: Int { userIDs.count }
}
