import GRPCCore
import NIOCore
import NIOHPACK
import NIOHTTP2

/// The gRPC calls of one HTTP/2 connection, served on its event loop: a call's request is gathered from its frames
/// until the client ends it, then handed, whole, to the server in a task that runs on this event loop
/// (``EventLoopTaskExecutor``), whose answer is written here as frames, flushed once a loop turn for every call that
/// answered in it. No channel, async sequence or writer queue a stream: what grpc-swift's own transport costs a call
/// beside what its server does.
///
/// Every RPC we serve takes one request message (unary, or server streaming as `Health/Watch`); a request-streaming
/// call is handed over once its client ends it, as all others. A request longer than the message limit is refused
/// `RESOURCE_EXHAUSTED` as soon as its length prefix says so; one not ended within the request timeout is reset.
package final class GRPCCallHandler: ChannelDuplexHandler {
    package typealias InboundIn = HTTP2Frame
    package typealias InboundOut = HTTP2Frame
    package typealias OutboundIn = HTTP2Frame
    package typealias OutboundOut = HTTP2Frame

    package typealias Inbound = RPCAsyncSequence<RPCRequestPart<CallBytes>, any Error>
    package typealias Outbound = RPCWriter<RPCResponsePart<CallBytes>>.Closable
    /// The server's handling of one call.
    package typealias StreamHandler = @Sendable (RPCStream<Inbound, Outbound>, ServerContext) async -> Void

    /// What a connection allows its calls.
    package struct Limits: Sendable {
        /// The largest message a request may carry (`GRPC_MAX_MESSAGE_BYTES`).
        package var maxMessageBytes: Int
        /// How long a request may take to arrive whole (`REQUEST_TIMEOUT_SECONDS`).
        package var requestTimeout: TimeAmount
        /// The flow-control window a stream's request may fill before it is read, and the connection's.
        package var streamWindow = 1 << 20
        package var connectionWindow = 8 << 20

        package init(maxMessageBytes: Int, requestTimeout: TimeAmount) {
            self.maxMessageBytes = maxMessageBytes
            self.requestTimeout = requestTimeout
        }
    }

    /// One call: its request while it arrives, then whether its answer has begun.
    private final class Call {
        let method: MethodDescriptor
        let metadata: Metadata
        var request: ByteBuffer?
        let opened: NIODeadline
        var phase = Phase.receiving
        var headersSent = false
        var cancellation: ServerContext.RPCCancellationHandle?

        enum Phase { case receiving, running, answered }

        init(method: MethodDescriptor, metadata: Metadata, opened: NIODeadline) {
            self.method = method
            self.metadata = metadata
            self.opened = opened
        }
    }

    private let limits: Limits
    private let handleStream: StreamHandler
    private var calls: [HTTP2StreamID: Call] = [:]
    private var context: ChannelHandlerContext?
    private var executor: EventLoopTaskExecutor?
    private var sweep: RepeatedTask?
    private var flushPending = false
    private var remotePeer = ""
    private var localPeer = ""

    init(limits: Limits, handleStream: @escaping StreamHandler) {
        self.limits = limits
        self.handleStream = handleStream
    }

    package func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        executor = EventLoopTaskExecutor(context.eventLoop)
        let interval = TimeAmount.nanoseconds(min(max(limits.requestTimeout.nanoseconds / 4, 50_000_000), 1_000_000_000))
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        sweep = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in bound.value.resetLateRequests() }
    }

    package func handlerRemoved(context: ChannelHandlerContext) {
        sweep?.cancel()
        sweep = nil
        cancelAll()
        self.context = nil
    }

    package func channelActive(context: ChannelHandlerContext) {
        remotePeer = Self.peer(context.channel.remoteAddress)
        localPeer = Self.peer(context.channel.localAddress)
        // The connection's window starts at HTTP/2's 65 535 bytes, which no setting changes.
        let increment = limits.connectionWindow - 65_535
        if increment > 0 { write(HTTP2Frame(streamID: .rootStream, payload: .windowUpdate(windowSizeIncrement: increment))) }
        context.fireChannelActive()
    }

    package func channelInactive(context: ChannelHandlerContext) {
        cancelAll()
        context.fireChannelInactive()
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.payload {
        case .headers(let headers):
            if let call = calls[frame.streamID] {
                // Trailers from a client: they only end its request.
                if headers.endStream, call.phase == .receiving { dispatch(call, on: frame.streamID) }
                return
            }
            opened(frame.streamID, headers: headers.headers, ended: headers.endStream)
        case .data(let data):
            guard let call = calls[frame.streamID], call.phase == .receiving, case .byteBuffer(var bytes) = data.data else { return }
            if call.request == nil {
                call.request = bytes
            } else {
                call.request!.writeBuffer(&bytes)
            }
            if let refusal = refusal(of: call.request!) {
                refuse(frame.streamID, refusal)
            } else if data.endStream {
                dispatch(call, on: frame.streamID)
            }
        case .rstStream:
            closed(frame.streamID)
        default:
            break
        }
    }

    package func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let event as NIOHTTP2WindowUpdatedEvent:
            windowUpdated(event)
        case let event as StreamClosedEvent:
            closed(event.streamID)
        default:
            break
        }
        context.fireUserInboundEventTriggered(event)
    }

    package func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? NIOHTTP2Errors.StreamError {
            // NIO HTTP/2 has reset the stream; the connection stays.
            closed(error.streamID)
        } else {
            context.close(promise: nil)
        }
    }

    // MARK: Requests

    /// A new stream: a call to run once its request has arrived, or a refusal at once.
    private func opened(_ streamID: HTTP2StreamID, headers: HPACKHeaders, ended: Bool) {
        switch CallHeaders.request(headers) {
        case .refused(let status):
            answer(streamID, status: status, metadata: [:], trailersOnly: true, resetting: !ended)
        case .call(let method, let metadata):
            let call = Call(method: method, metadata: metadata, opened: .now())
            calls[streamID] = call
            if ended { dispatch(call, on: streamID) }
        }
    }

    /// Why the request so far cannot be a call's: its first message declares more than the limit.
    private func refusal(of request: ByteBuffer) -> Status? {
        if request.readableBytes >= 5, let length = request.getInteger(at: request.readerIndex + 1, as: UInt32.self),
            length > limits.maxMessageBytes
        {
            return Self.tooLarge(Int(length), limit: limits.maxMessageBytes)
        }
        // More than one message: the limit counts them together.
        if request.readableBytes > limits.maxMessageBytes + 5 {
            return Self.tooLarge(request.readableBytes - 5, limit: limits.maxMessageBytes)
        }
        return nil
    }

    private static func tooLarge(_ bytes: Int, limit: Int) -> Status {
        Status(code: .resourceExhausted, message: "the message is \(bytes) bytes; the limit is \(limit) (GRPC_MAX_MESSAGE_BYTES)")
    }

    /// The request's messages, each a 5-byte prefix (a compression flag, a big-endian length) and its bytes.
    private static func messages(in request: ByteBuffer?) -> Result<[ByteBuffer], RefusedCall> {
        guard var request else { return .success([]) }
        var messages: [ByteBuffer] = []
        while request.readableBytes > 0 {
            guard let flag = request.readInteger(as: UInt8.self), let length = request.readInteger(as: UInt32.self) else {
                return .failure(RefusedCall(code: .internalError, message: "the request ends inside a message's 5-byte prefix"))
            }
            guard flag == 0 else {
                return .failure(RefusedCall(code: .internalError, message: "a message is compressed, but the call names no compression"))
            }
            guard let message = request.readSlice(length: Int(length)) else {
                return .failure(
                    RefusedCall(
                        code: .internalError,
                        message: "the request ends inside a message: its prefix says \(length) bytes, \(request.readableBytes) follow"
                    )
                )
            }
            messages.append(message)
        }
        return .success(messages)
    }

    /// Hands `call`'s whole request to the server, in a task on this event loop.
    private func dispatch(_ call: Call, on streamID: HTTP2StreamID) {
        call.phase = .running
        let messages: [ByteBuffer]
        switch Self.messages(in: call.request) {
        case .success(let found): messages = found
        case .failure(let refusal): return refuse(streamID, refusal.status)
        }
        call.request = nil
        guard let context, let executor else { return }
        var parts: [RPCRequestPart<CallBytes>] = [.metadata(call.metadata)]
        parts.reserveCapacity(messages.count + 1)
        for message in messages { parts.append(.message(CallBytes(message))) }
        let writer = CallWriter(handler: NIOLoopBound(self, eventLoop: context.eventLoop), streamID: streamID)
        let stream = RPCStream(
            descriptor: call.method,
            inbound: Inbound(wrapping: RequestParts(parts: parts)),
            outbound: Outbound(wrapping: writer)
        )
        let bound = NIOLoopBound((self, call), eventLoop: context.eventLoop)
        let (remotePeer, localPeer, handleStream) = (remotePeer, localPeer, handleStream)
        Task(executorPreference: executor) {
            await withServerContextRPCCancellationHandle { cancellation in
                // On this event loop: a call reset before its task ran is never handled.
                guard bound.value.1.phase == .running, bound.value.0.calls[streamID] === bound.value.1 else { return }
                bound.value.1.cancellation = cancellation
                let context = ServerContext(descriptor: stream.descriptor, remotePeer: remotePeer, localPeer: localPeer, cancellation: cancellation)
                await handleStream(stream, context)
            }
        }
    }

    // MARK: Answers

    /// Writes `part` of the answer on `streamID`; false when the call is gone (reset, or its connection closed).
    func write(_ part: RPCResponsePart<CallBytes>, on streamID: HTTP2StreamID) -> Bool {
        guard let call = calls[streamID], call.phase == .running, let context else { return false }
        switch part {
        case .metadata(let metadata):
            call.headersSent = true
            write(HTTP2Frame(streamID: streamID, payload: .headers(.init(headers: CallHeaders.response(metadata)))))
        case .message(let bytes):
            if !call.headersSent {
                call.headersSent = true
                write(HTTP2Frame(streamID: streamID, payload: .headers(.init(headers: CallHeaders.response([:])))))
            }
            var framed = context.channel.allocator.buffer(capacity: bytes.count + 5)
            framed.writeInteger(UInt8(0))
            framed.writeInteger(UInt32(bytes.count))
            var message = bytes.buffer
            framed.writeBuffer(&message)
            write(HTTP2Frame(streamID: streamID, payload: .data(.init(data: .byteBuffer(framed)))))
        case .status(let status, let metadata):
            answer(streamID, status: status, metadata: metadata, trailersOnly: !call.headersSent, resetting: false)
        }
        return true
    }

    /// Ends the answer on `streamID` without a status: the stream is reset.
    func abandon(_ streamID: HTTP2StreamID) {
        guard let call = calls[streamID], call.phase != .answered else { return }
        call.phase = .answered
        write(HTTP2Frame(streamID: streamID, payload: .rstStream(.internalError)))
    }

    /// Ends the answer on `streamID` with `status`; `resetting` a request still arriving, which is not read.
    private func answer(_ streamID: HTTP2StreamID, status: Status, metadata: Metadata, trailersOnly: Bool, resetting: Bool) {
        calls[streamID]?.phase = .answered
        let trailers = CallHeaders.trailers(status, metadata, trailersOnly: trailersOnly)
        write(HTTP2Frame(streamID: streamID, payload: .headers(.init(headers: trailers, endStream: true))))
        if resetting {
            calls[streamID] = nil
            write(HTTP2Frame(streamID: streamID, payload: .rstStream(.noError)))
        }
    }

    /// Refuses a call whose request is still arriving or has just arrived, with `status`.
    private func refuse(_ streamID: HTTP2StreamID, _ status: Status) {
        let receiving = calls[streamID]?.phase == .receiving
        answer(streamID, status: status, metadata: [:], trailersOnly: true, resetting: receiving)
    }

    /// Writes `frame`, flushed at the end of this loop turn with every other frame written in it.
    private func write(_ frame: HTTP2Frame) {
        guard let context else { return }
        context.write(wrapOutboundOut(frame), promise: nil)
        guard !flushPending else { return }
        flushPending = true
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.execute {
            bound.value.flushPending = false
            bound.value.context?.flush()
        }
    }

    // MARK: Streams ending

    /// The stream closed or was reset: a call still running is cancelled.
    private func closed(_ streamID: HTTP2StreamID) {
        guard let call = calls.removeValue(forKey: streamID) else { return }
        if call.phase != .answered { call.cancellation?.cancel() }
        call.phase = .answered
    }

    private func cancelAll() {
        for call in calls.values where call.phase != .answered { call.cancellation?.cancel() }
        calls.removeAll()
    }

    /// Resets the streams whose request has not ended within the request timeout: the gRPC twin of the HTTP routes'
    /// 408, so that a client that opens streams and never sends on them holds no slot for long.
    private func resetLateRequests() {
        let oldest = NIODeadline.now() - limits.requestTimeout
        for (streamID, call) in calls where call.phase == .receiving && call.opened < oldest {
            calls[streamID] = nil
            write(HTTP2Frame(streamID: streamID, payload: .rstStream(.cancel)))
        }
    }

    /// Tops the connection's window, or a stream's whose request is arriving, up when half of it is used.
    private func windowUpdated(_ event: NIOHTTP2WindowUpdatedEvent) {
        guard let size = event.inboundWindowSize else { return }
        let target: Int
        if event.streamID == .rootStream {
            target = limits.connectionWindow
        } else {
            guard calls[event.streamID]?.phase == .receiving else { return }
            target = limits.streamWindow
        }
        if size <= target / 2 {
            write(HTTP2Frame(streamID: event.streamID, payload: .windowUpdate(windowSizeIncrement: target - size)))
        }
    }

    /// gRPC's name of a peer: `ipv4:127.0.0.1:50051`, `ipv6:[::1]:50051`.
    private static func peer(_ address: SocketAddress?) -> String {
        switch address {
        case .v4(let address)?: "ipv4:\(address.host):\(address.address.sin_port.bigEndian)"
        case .v6(let address)?: "ipv6:[\(address.host)]:\(address.address.sin6_port.bigEndian)"
        case .unixDomainSocket(let address)?: "unix:\(address.address.sun_path)"
        case nil: "unknown"
        }
    }
}

/// Why a call's request cannot be read: a status to answer.
private struct RefusedCall: Error {
    let status: Status
    init(code: Status.Code, message: String) { status = Status(code: code, message: message) }
}

/// A call's request, whole: its metadata, then its messages.
struct RequestParts: AsyncSequence, Sendable {
    typealias Element = RPCRequestPart<CallBytes>
    typealias Failure = any Error
    let parts: [Element]

    struct AsyncIterator: AsyncIteratorProtocol {
        typealias Failure = any Error
        var iterator: IndexingIterator<[Element]>
        mutating func next() async throws -> Element? { iterator.next() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(iterator: parts.makeIterator()) }
}

/// A call's answer, written as frames by its connection's ``GRPCCallHandler``: at once when the call's task runs on
/// the connection's event loop, as it does, else on a hop to it.
struct CallWriter: ClosableRPCWriterProtocol {
    typealias Element = RPCResponsePart<CallBytes>
    let handler: NIOLoopBound<GRPCCallHandler>
    let streamID: HTTP2StreamID

    func write(_ element: Element) async throws {
        let written: Bool
        if handler.eventLoop.inEventLoop {
            written = handler.value.write(element, on: streamID)
        } else {
            written = try await handler.eventLoop.submit { [handler, streamID] in handler.value.write(element, on: streamID) }.get()
        }
        guard written else { throw RPCError(code: .cancelled, message: "the call's stream is closed") }
    }

    func write(contentsOf elements: some Sequence<Element>) async throws {
        for element in elements { try await write(element) }
    }

    func finish() async {
        // The status ends the answer; a stream that ends without one is reset.
        let (handler, streamID) = (handler, streamID)
        handler.eventLoop.execute { handler.value.abandon(streamID) }
    }

    func finish(throwing error: any Error) async {
        await finish()
    }
}
