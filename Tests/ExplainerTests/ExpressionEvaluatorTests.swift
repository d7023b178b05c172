import Engine
import Explainer
import Foundation
import Testing

/// The explainer's own evaluation of gradient expressions, against values worked out by hand.
@Suite struct ExpressionEvaluatorTests {
    let a = Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
    let b = Matrix(rows: 3, columns: 2, elements: [1, -1, 0, 2, 3, 1])

    func evaluate(_ e: GradientExpression, upstream: Matrix? = nil, labels: [Int]? = nil) throws -> Matrix {
        var evaluator = ExpressionEvaluator(
            ExpressionEnvironment(upstream: upstream ?? a, output: a, inputs: [a, b], labels: labels))
        return try evaluator.evaluate(e)
    }

    @Test func matrixProductAndTranspose() throws {
        // a·b = [[1+0+9, −1+4+3], [4+0+18, −4+10+6]]
        #expect(try evaluate(.matmul(.input(0), .input(1))) == Matrix(rows: 2, columns: 2, elements: [10, 6, 22, 12]))
        #expect(try evaluate(.transpose(.input(0))) == Matrix(rows: 3, columns: 2, elements: [1, 4, 2, 5, 3, 6]))
        #expect(throws: DerivationError.self) { try evaluate(.matmul(.input(0), .input(0))) }
    }

    @Test func elementwiseBroadcastsScalarsRowsAndColumns() throws {
        let row = GradientExpression.sum(.input(0), axis: 0)  // [5, 7, 9]
        let column = GradientExpression.sum(.input(0), axis: 1)  // [6, 15]ᵀ
        #expect(try evaluate(row).elements == [5, 7, 9])
        #expect(try evaluate(column) == Matrix(rows: 2, columns: 1, elements: [6, 15]))
        #expect(try evaluate(.subtract(.input(0), row)).elements == [-4, -5, -6, -1, -2, -3])
        let quotients: [Double] = [1.0 / 6, 2.0 / 6, 3.0 / 6, 4.0 / 15, 5.0 / 15, 6.0 / 15]
        #expect(try evaluate(.divide(.input(0), column)).elements == quotients)
        #expect(try evaluate(.multiply(.constant(2), .input(0))).elements == [2, 4, 6, 8, 10, 12])
        #expect(try evaluate(.mean(.input(0), axis: nil)).elements == [3.5])
        #expect(throws: DerivationError.self) { try evaluate(.add(.input(0), .input(1))) }
    }

    @Test func broadcastReshapeAndFunctions() throws {
        #expect(try evaluate(.broadcast(.constant(3), toInput: 1)).elements == [3, 3, 3, 3, 3, 3])
        #expect(try evaluate(.reshape(.input(0), likeInput: 1)).rows == 3)
        #expect(try evaluate(.function(.step, .subtract(.input(0), .constant(3)))).elements == [0, 0, 0, 1, 1, 1])
        #expect(try evaluate(.power(.input(0), 2)).elements == [1, 4, 9, 16, 25, 36])
        // Row softmax of [1, 2, 3]: e^(k−3) / (e^−2 + e^−1 + 1).
        let softmax = try evaluate(.function(.softmax, .input(0)))
        let total = exp(-2.0) + exp(-1.0) + 1
        #expect(abs(softmax[0, 2] - 1 / total) < 1e-15)
        #expect(abs(softmax[1, 0] - exp(-2.0) / total) < 1e-15)
    }

    @Test func oneHotLabelsAndDefinitions() throws {
        #expect(try evaluate(.oneHotLabels(likeInput: 0), labels: [2, 0]).elements == [0, 0, 1, 1, 0, 0])
        var evaluator = ExpressionEvaluator(ExpressionEnvironment(upstream: a, output: a, inputs: [a, b]))
        let mu = GradientExpression.defined("μ", .mean(.input(0), axis: 0))
        let value = try evaluator.evaluate(.subtract(.input(0), mu))
        #expect(value.elements == [-1.5, -1.5, -1.5, 1.5, 1.5, 1.5])
        #expect(evaluator.definitions.map(\.name) == ["μ"])
        #expect(evaluator.definitions[0].value.elements == [2.5, 3.5, 4.5])
    }
}
