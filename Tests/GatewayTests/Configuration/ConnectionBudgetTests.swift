import Gateway
import Testing

/// Each port stops accepting short of the file descriptor limit: the rest stay in the kernel's backlog.
@Suite struct ConnectionBudgetTests {
    @Test func theLimitLessAReserveIsSplitTwoThirdsToHTTPAndAThirdToGRPC() {
        #expect(ConnectionBudget(files: 1024, grpc: true) == ConnectionBudget(http: 598, grpc: 298))
        #expect(ConnectionBudget(files: 1024, grpc: false) == ConnectionBudget(http: 896, grpc: 0))
        #expect(ConnectionBudget(files: 1_048_576, grpc: true).http + ConnectionBudget(files: 1_048_576, grpc: true).grpc == 1_048_576 - 128)
    }

    @Test func aTinyLimitStillLeavesEachPortAFewConnections() {
        let budget = ConnectionBudget(files: 64, grpc: true)
        #expect(budget.http >= 8 && budget.grpc >= 8)
    }

    @Test func thisProcessHasABudget() {
        let budget = ConnectionBudget.current(grpc: true)
        #expect(budget.http > 0 && budget.grpc > 0)
    }
}
