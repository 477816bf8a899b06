// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title An operator role handed over in two steps.
/// @notice The operator names its successor; the successor accepts, proving it holds the new key;
///         only then does it act. A key that was never proven can never become the operator.
abstract contract Operated {
    address public operator;
    /// @notice The operator proposed by the current one; it becomes operator once it accepts.
    address public pendingOperator;

    event OperatorProposed(address indexed current, address indexed proposed);
    event OperatorChanged(address indexed previous, address indexed current);

    error NotOperator(address sender);
    error NotPendingOperator(address sender);
    error ZeroOperator();

    constructor(address operator_) {
        if (operator_ == address(0)) revert ZeroOperator();
        operator = operator_;
    }

    modifier onlyOperator() {
        if (msg.sender != operator) revert NotOperator(msg.sender);
        _;
    }

    /// @notice Step one of handing the operator role over: the operator names its successor.
    function proposeOperator(address next) external onlyOperator {
        if (next == address(0)) revert ZeroOperator();
        pendingOperator = next;
        emit OperatorProposed(operator, next);
    }

    /// @notice Step two: the successor accepts; only then does it act.
    function acceptOperator() external {
        if (msg.sender != pendingOperator) revert NotPendingOperator(msg.sender);
        emit OperatorChanged(operator, msg.sender);
        operator = msg.sender;
        pendingOperator = address(0);
    }
}
