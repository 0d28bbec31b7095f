import ArgumentParser
import CurioEngine

/// The root command. `curio` alone opens the chat; everything else is a subcommand.
@main
struct Curio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curio",
        abstract: "A conversational recommender that runs in your terminal, on your machine.",
        version: CurioVersion.string,
        subcommands: [ChatCommand.self, AskCommand.self, ServeCommand.self,
                      CatalogCommand.self, TrainCommand.self, EvalCommand.self, BenchCommand.self,
                      ProfileCommand.self],
        defaultSubcommand: ChatCommand.self
    )
}
