import NIOCore

/// Runs tasks on one NIO event loop: a call's task started with it as its executor preference runs on the thread
/// that read the call's frames and writes its answer there, with no hop to the concurrency pool and back.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { [self] in job.runSynchronously(on: asUnownedTaskExecutor()) }
    }
}
