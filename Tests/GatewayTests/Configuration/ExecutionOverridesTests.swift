import Gateway
import Registry
import Testing

/// `MODEL_EXECUTION`: the operator's settings over a heavy kind's defaults, refused when they cannot apply.
@Suite struct ExecutionOverridesTests {
    static let defaults = DedicatedExecution(threads: 1, queueLimit: 16, maxBatchSize: 8, maxBatchDelay: .milliseconds(2), timeout: .seconds(5))

    @Test func settingsGivenReplaceTheKindsAndTheRestStay() throws {
        let overrides = try ExecutionOverrides(parsing: " emb: threads=2 queue=64 delay-ms=0 ; big: timeout-ms=30000 batch=4 batch-tokens=900;")
        #expect(overrides.byModel.keys.sorted() == ["big", "emb"])
        let emb = try #require(overrides.byModel["emb"]).applied(to: Self.defaults)
        #expect(emb == DedicatedExecution(threads: 2, queueLimit: 64, maxBatchSize: 8, maxBatchDelay: .zero, timeout: .seconds(5)))
        let big = try #require(overrides.byModel["big"]).applied(to: Self.defaults)
        #expect(
            big
                == DedicatedExecution(
                    threads: 1,
                    queueLimit: 16,
                    maxBatchSize: 4,
                    maxBatchDelay: .milliseconds(2),
                    timeout: .seconds(30),
                    maxBatchTokens: 900
                )
        )
        #expect(try ExecutionOverrides(parsing: "").byModel.isEmpty)
    }

    @Test(arguments: [
        ("emb threads=2", "\"emb threads=2\" is not model: setting=value …"),
        ("emb: threads", "emb: \"threads\" is not setting=whole number"),
        ("emb: threads=two", "emb: \"threads=two\" is not setting=whole number"),
        ("emb: threads=0", "emb: threads must be 1 to 256"),
        ("emb: threads=1000", "emb: threads must be 1 to 256"),
        ("emb: queue=0", "emb: queue must be 1 to 1000000"),
        ("emb: delay-ms=-1", "emb: delay-ms must be 0 to 1000000"),
        ("emb: threads=1 threads=2", "emb: threads is given twice"),
        ("emb: speed=9", "emb: speed is not a setting (threads, queue, batch, batch-tokens, delay-ms, timeout-ms)"),
        ("emb: threads=1; emb: queue=2", "emb is named twice"),
    ])
    func aSettingThatCannotBeReadIsRefusedSayingWhy(text: String, reason: String) {
        #expect(throws: InvalidExecutionOverrides(reason: reason)) { try ExecutionOverrides(parsing: text) }
    }

    @Test func overridesMustNameALoadedModelOnThreadsOfItsOwn() throws {
        let heavy = GatedModel(name: "heavy", execution: .dedicated(Self.defaults))
        let models = try ModelRegistry(models: [LengthModel(name: "lr", version: "1", scale: 1), heavy], defaultModel: "lr")
        var configuration = GatewayConfiguration()
        configuration.execution = try ExecutionOverrides(parsing: "heavy: threads=3")
        try configuration.validate(models: models)
        configuration.execution = try ExecutionOverrides(parsing: "xx: threads=3")
        #expect(throws: GatewayConfiguration.InvalidSetting(setting: "model-execution", reason: "names xx, which is not loaded (loaded: heavy, lr)"))
        {
            try configuration.validate(models: models)
        }
        configuration.execution = try ExecutionOverrides(parsing: "lr: threads=3")
        #expect(
            throws: GatewayConfiguration.InvalidSetting(
                setting: "model-execution",
                reason: "lr rates inline: its kind takes no threads, queue or batches"
            )
        ) { try configuration.validate(models: models) }
    }

    @Test func theExecutorTakesTheOverriddenSettings() throws {
        let heavy = GatedModel(name: "heavy", execution: .dedicated(Self.defaults))
        let executors = ModelExecutors(overrides: try ExecutionOverrides(parsing: "heavy: queue=3 timeout-ms=250"))
        let executor = try #require(executors.executor(for: heavy))
        defer { executor.shutdown() }
        #expect(
            executor.settings
                == DedicatedExecution(threads: 1, queueLimit: 3, maxBatchSize: 8, maxBatchDelay: .milliseconds(2), timeout: .milliseconds(250))
        )
    }
}
