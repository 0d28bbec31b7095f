import CurioTraining
import Foundation

/// Shows training progress: a redrawn bar with ETA, loss and tokens/s on a terminal,
/// plain lines (one per epoch and every few seconds) when standard error is not one.
final class ProgressDisplay {
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastPlain = 0.0
    private var barShown = false
    /// Put before each progress line, e.g. "member 2/3 " while an ensemble trains.
    var label = ""

    func line(_ text: String) {
        clearBar()
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    func finish() { clearBar() }

    func show(_ progress: TrainingProgress) {
        switch progress {
        case let .step(epoch, step, steps, loss, tokensPerSecond, elapsed):
            let fraction = Double(step) / Double(max(1, steps))
            let stepsLeft = Double(steps - step)
            let eta = stepsLeft * elapsedPerStep(elapsed: elapsed, step: step)
            if isTerminal {
                let width = 24
                let filled = Int(fraction * Double(width))
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                let text = label + String(format: "epoch %d %@ %d/%d  loss %.3f  %.0f tok/s  epoch ETA %@ ",
                                  epoch, bar, step, steps, loss, tokensPerSecond, Self.duration(eta))
                FileHandle.standardError.write(Data(("\r" + text).utf8))
                barShown = true
            } else if elapsed - lastPlain >= 10 || step == steps {
                lastPlain = elapsed
                line(label + String(format: "epoch %d step %d/%d loss %.3f %.0f tok/s elapsed %@",
                            epoch, step, steps, loss, tokensPerSecond, Self.duration(elapsed)))
            }
        case .epoch(let report):
            line(label + String(format: "epoch %d: loss %.4f  validation HR@10 %.4f  NDCG@10 %.4f  (%.1f s)%@",
                        report.epoch, report.loss, report.validationHitRate, report.validationNDCG,
                        report.seconds, report.isBest ? "  best so far" : ""))
        }
    }

    private var stepTimes: (elapsed: Double, step: Int) = (0, 0)
    private func elapsedPerStep(elapsed: Double, step: Int) -> Double {
        defer { stepTimes = (elapsed, step) }
        let steps = step - stepTimes.step
        return steps > 0 ? (elapsed - stepTimes.elapsed) / Double(steps) : 0
    }

    private func clearBar() {
        if barShown {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            barShown = false
        }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
