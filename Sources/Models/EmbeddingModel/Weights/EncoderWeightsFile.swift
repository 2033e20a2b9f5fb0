import Registry

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An encoder weights file (`tools/convert_e5.py` writes it), mapped read-only into memory: its header, and its
/// tensors read in place. What is large stays quantized in the file's pages, which the kernel loads only as they
/// are read (the 250 037-row embedding table is touched a row per token).
///
/// Layout: `"JMEW"`, a `UInt32` format version, a `UInt64` header length, the header (JSON), then the tensors,
/// each at a multiple of 64 bytes, at the offsets the header names.
package final class EncoderWeightsFile: @unchecked Sendable {
    /// The file's header: the architecture, the tokenizer's special ids and the tensor directory.
    package let header: EncoderWeightsHeader
    /// The file's name, for error messages.
    package let name: String
    private let base: UnsafeRawPointer
    private let length: Int
    private let tensors: [String: EncoderWeightsHeader.Tensor]

    /// Maps the file at `path`; throws naming `field` when it cannot be read, is not a weights file, or its
    /// header lists a tensor outside the file.
    package init(path: String, field: String) throws(ArtifactError) {
        name = String(path.split(separator: "/").last ?? "")
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ArtifactError(field: field, reason: "\(name) cannot be opened: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size >= 16 else {
            throw ArtifactError(field: field, reason: "\(name) is too short to be a weights file")
        }
        length = Int(status.st_size)
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw ArtifactError(field: field, reason: "\(name) cannot be mapped: \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(mapped)
        do {
            header = try Self.readHeader(base: base, length: length, name: name, field: field)
            tensors = try Self.directory(of: header, fileLength: length, name: name, field: field)
        } catch {
            munmap(mapped, length)
            throw error
        }
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }

    /// The bytes of tensor `name`, checked to have `dtype` and `shape`.
    package func tensor(_ name: String, _ dtype: EncoderWeightsHeader.DType, _ shape: [Int]) throws(ArtifactError) -> UnsafeRawBufferPointer {
        guard let tensor = tensors[name] else { throw ArtifactError(field: "tensors", reason: "\(self.name) has no tensor \(name)") }
        guard tensor.dtype == dtype, tensor.shape == shape else {
            throw ArtifactError(
                field: "tensors",
                reason: "\(self.name): tensor \(name) is \(tensor.dtype.rawValue) \(tensor.shape); expected \(dtype.rawValue) \(shape)"
            )
        }
        return UnsafeRawBufferPointer(start: base + tensor.offset, count: tensor.bytes)
    }

    /// The elements of a 4-byte tensor, copied out.
    package func array<Element: BitwiseCopyable>(
        _ name: String,
        _ dtype: EncoderWeightsHeader.DType,
        count: Int,
        of _: Element.Type
    ) throws(ArtifactError) -> [Element] {
        let bytes = try tensor(name, dtype, [count])
        return Array(bytes.bindMemory(to: Element.self))
    }

    private static func readHeader(base: UnsafeRawPointer, length: Int, name: String, field: String) throws(ArtifactError) -> EncoderWeightsHeader {
        guard base.loadUnaligned(as: UInt32.self) == 0x5745_4D4A else {  // "JMEW", little-endian
            throw ArtifactError(field: field, reason: "\(name) is not a Jokemeter encoder weights file")
        }
        let version = base.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
        guard version == EncoderWeightsHeader.formatVersion else {
            throw ArtifactError(field: field, reason: "\(name) has format version \(version); this build reads \(EncoderWeightsHeader.formatVersion)")
        }
        let headerLength = Int(truncatingIfNeeded: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        guard headerLength > 0, headerLength <= length - 16 else { throw ArtifactError(field: field, reason: "\(name) is cut short in its header") }
        do {
            let json = try JSONValue(parsing: UnsafeRawBufferPointer(start: base + 16, count: headerLength))
            return try JSONValueDecoder.decode(EncoderWeightsHeader.self, from: json)
        } catch let error as DecodingError {
            let inner = ArtifactError(error)
            throw ArtifactError(field: field, reason: "\(name): header field \(inner.field) \(inner.reason)")
        } catch {
            throw ArtifactError(field: field, reason: "\(name) has an unreadable header: \(error)")
        }
    }

    private static func directory(
        of header: EncoderWeightsHeader,
        fileLength: Int,
        name: String,
        field: String
    ) throws(ArtifactError)
        -> [String: EncoderWeightsHeader.Tensor]
    {
        var tensors: [String: EncoderWeightsHeader.Tensor] = [:]
        for tensor in header.tensors {
            let elements = tensor.shape.reduce(1, *)
            guard tensor.shape.allSatisfy({ $0 > 0 }), tensor.offset >= 16, tensor.offset % 64 == 0, tensor.bytes >= 0,
                tensor.offset <= fileLength - tensor.bytes, tensor.bytes == tensor.dtype.bytes(elements: elements)
            else {
                throw ArtifactError(field: field, reason: "\(name): tensor \(tensor.name) lies outside the file or has the wrong size (cut short?)")
            }
            guard tensors.updateValue(tensor, forKey: tensor.name) == nil else {
                throw ArtifactError(field: field, reason: "\(name): tensor \(tensor.name) is listed twice")
            }
        }
        return tensors
    }
}
