import NIOCore
import NIOHTTP2

/// Resets an HTTP/2 stream whose request has not ended (`END_STREAM`) within the request timeout: the gRPC twin of
/// the HTTP routes' 408, so that a client that opens streams and never sends on them holds no slot and no task for
/// long. grpc-swift bounds a call by the caller's deadline, not by when its request arrives.
final class StreamRequestTimeout: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTP2Frame.FramePayload
    typealias InboundOut = HTTP2Frame.FramePayload

    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            bound.value.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .headers(let headers) where headers.endStream: ended()
        case .data(let data) where data.endStream: ended()
        default: break
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        ended()
        context.fireChannelInactive()
    }

    private func ended() {
        timer?.cancel()
        timer = nil
    }
}
