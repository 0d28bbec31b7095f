// Flat Float memory that the layers above the kernels can hold without touching pointers.
//
// The model keeps one flat buffer each for parameters, gradients, optimizer moments and
// activations (house style, after llm.c). Layers above CurioKernels must not handle unsafe
// pointers, so they hold a `FloatStorage` and pass `FloatSlice` views of it to the kernels;
// only this module ever turns a slice into a pointer.

/// A fixed-size, zero-initialised block of `Float`s with reference semantics.
///
/// Reference semantics are deliberate: the parameter, gradient and activation buffers are
/// large (hundreds of MB at training shapes) and are written in place by every step, so a
/// copy-on-write array would risk silent multi-megabyte copies in the hot path. Memory is
/// allocated once in `init` and released in `deinit`, like `ManagedBuffer`.
///
/// Concurrent kernels write disjoint regions of one storage from several threads; callers
/// must not run two kernels on overlapping slices at the same time.
public final class FloatStorage: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
    /// Number of floats held.
    public let count: Int

    /// Allocates `count` floats, all set to `value`.
    public init(count: Int, repeating value: Float = 0) {
        precondition(count >= 0, "FloatStorage needs a non-negative count, got \(count)")
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: max(count, 1))
    }

    /// Allocates a storage holding a copy of `values`.
    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { source in
            if let address = source.baseAddress { base.update(from: address, count: values.count) }
        }
    }

    deinit { base.deallocate() }

    /// The float at `index`, bounds-checked.
    public subscript(index: Int) -> Float {
        get {
            precondition(index >= 0 && index < count, "FloatStorage index \(index) out of 0..<\(count)")
            return base[index]
        }
        set {
            precondition(index >= 0 && index < count, "FloatStorage index \(index) out of 0..<\(count)")
            base[index] = newValue
        }
    }

    /// A view of `count` floats starting at `offset`.
    public func slice(_ offset: Int, _ count: Int) -> FloatSlice {
        precondition(offset >= 0 && count >= 0 && offset + count <= self.count,
                     "slice \(offset)..<\(offset + count) out of storage of \(self.count) floats")
        return FloatSlice(storage: self, offset: offset, count: count)
    }

    /// A view of the whole storage.
    public var all: FloatSlice { slice(0, count) }

    /// A copy of the contents as an array.
    public var array: [Float] { all.array }
}

/// A contiguous window into a `FloatStorage`: the argument type of every layer kernel.
///
/// A slice keeps its storage alive. Kernels check that each slice holds at least the
/// elements its shape needs.
public struct FloatSlice: @unchecked Sendable {
    /// The storage viewed.
    public let storage: FloatStorage
    /// First element of the view within `storage`.
    public let offset: Int
    /// Number of elements in the view.
    public let count: Int

    var pointer: UnsafeMutablePointer<Float> { storage.base + offset }

    /// A sub-view of `count` floats starting `offset` floats into this view.
    public func slice(_ offset: Int, _ count: Int) -> FloatSlice {
        precondition(offset >= 0 && count >= 0 && offset + count <= self.count,
                     "sub-slice \(offset)..<\(offset + count) out of a slice of \(self.count) floats")
        return FloatSlice(storage: storage, offset: self.offset + offset, count: count)
    }

    /// The float at `index` within the view, bounds-checked.
    public subscript(index: Int) -> Float {
        get {
            precondition(index >= 0 && index < count, "FloatSlice index \(index) out of 0..<\(count)")
            return pointer[index]
        }
        nonmutating set {
            precondition(index >= 0 && index < count, "FloatSlice index \(index) out of 0..<\(count)")
            pointer[index] = newValue
        }
    }

    /// A copy of the viewed floats.
    public var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// Sets every element to `value`.
    public func fill(_ value: Float) { pointer.update(repeating: value, count: count) }

    /// Copies `source` (of equal count) into this view.
    public func copy(from source: FloatSlice) {
        precondition(source.count == count, "copy of \(source.count) floats into a slice of \(count)")
        pointer.update(from: source.pointer, count: count)
    }

    /// Copies `values` (of equal count) into this view.
    public func copy(from values: [Float]) {
        precondition(values.count == count, "copy of \(values.count) floats into a slice of \(count)")
        values.withUnsafeBufferPointer { source in
            if let address = source.baseAddress { pointer.update(from: address, count: count) }
        }
    }

    func require(_ needed: Int, _ label: @autoclosure () -> String) {
        precondition(count >= needed, "\(label()) needs \(needed) floats, slice holds \(count)")
    }
}
