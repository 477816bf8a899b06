// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Operated} from "./Operated.sol";

/// @title Greenex settlement: every trade of a cleared interval, on chain, once.
/// @notice One transaction per batch of an interval's trades. The trades travel in calldata and are
///         repeated in the BatchSettled event, so the chain alone suffices to rebuild them; the
///         interval's Merkle root is stored, so any single trade can be proven against it. Storing a
///         struct per trade would cost about 72,000 gas; this costs a few thousand.
/// @dev A trade is 104 bytes: seller (bytes32, UTF-8 id, zero-padded), buyer (bytes32), energy in
///      10^-6 kWh (uint64), price in 10^-6 currency units per kWh (uint64), sequence number within
///      the interval (uint64), each uint64 big-endian in 8 bytes, then 8 zero bytes of padding.
///      Leaf = keccak256(abi.encodePacked(intervalId, trade bytes)); the tree sorts each pair.
contract GreenexSettlement is Operated {
    uint256 public constant TRADE_BYTES = 104;


    struct Interval {
        bytes32 merkleRoot;
        uint32 batchCount;
        uint32 batchesSettled;
        uint32 tradeCount;
    }

    mapping(uint64 => Interval) public intervals;

    /// @notice The portal's audit log head (its hash chain) by sequence number, anchored every interval.
    mapping(uint64 => bytes32) public auditAnchors;
    uint64 public lastAuditSeq;
    mapping(uint64 => mapping(uint32 => bool)) public batchSettled;

    event BatchSettled(uint64 indexed intervalId, uint32 indexed batchNo, uint32 batchCount, bytes32 merkleRoot, bytes trades);
    event IntervalSettled(uint64 indexed intervalId, bytes32 merkleRoot, uint32 tradeCount);

    event AuditAnchored(uint64 indexed seq, bytes32 hash);
    error BadRecord(uint256 length);
    error StaleAnchor(uint64 seq, uint64 last);
    error BatchAlreadySettled(uint64 intervalId, uint32 batchNo);
    error RootMismatch(uint64 intervalId, bytes32 stored, bytes32 given);
    error BatchCountMismatch(uint64 intervalId, uint32 stored, uint32 given);
    error BadBatch(uint64 intervalId, uint32 batchNo, string reason);

    constructor(address operator_) Operated(operator_) {}


    /// @notice Anchors the audit log's head: row `seq` has hash `hash`. Sequence numbers only grow.
    function anchorAudit(uint64 seq, bytes32 hash) external onlyOperator {
        if (seq <= lastAuditSeq) revert StaleAnchor(seq, lastAuditSeq);
        lastAuditSeq = seq;
        auditAnchors[seq] = hash;
        emit AuditAnchored(seq, hash);
    }

    /// @notice Records one batch of an interval's trades. A batch can be settled once only.
    function settleBatch(uint64 intervalId, uint32 batchNo, uint32 batchCount, bytes32 merkleRoot, bytes calldata trades) external onlyOperator {
        if (batchCount == 0 || batchNo >= batchCount) revert BadBatch(intervalId, batchNo, "batch number out of range");
        if (trades.length == 0 || trades.length % TRADE_BYTES != 0) revert BadBatch(intervalId, batchNo, "trades are not whole records");
        if (batchSettled[intervalId][batchNo]) revert BatchAlreadySettled(intervalId, batchNo);
        Interval storage it = intervals[intervalId];
        if (it.batchCount == 0) {
            it.merkleRoot = merkleRoot;
            it.batchCount = batchCount;
        } else {
            if (it.merkleRoot != merkleRoot) revert RootMismatch(intervalId, it.merkleRoot, merkleRoot);
            if (it.batchCount != batchCount) revert BatchCountMismatch(intervalId, it.batchCount, batchCount);
        }
        batchSettled[intervalId][batchNo] = true;
        it.batchesSettled += 1;
        it.tradeCount += uint32(trades.length / TRADE_BYTES);
        emit BatchSettled(intervalId, batchNo, batchCount, merkleRoot, trades);
        if (it.batchesSettled == batchCount) {
            emit IntervalSettled(intervalId, merkleRoot, it.tradeCount);
        }
    }

    /// @notice True when the trade (its 104 bytes) belongs to the interval's settled Merkle root; a
    ///         record of any other length is refused (a leaf is never confused with an inner node).
    function verifyTrade(uint64 intervalId, bytes calldata trade, bytes32[] calldata proof) external view returns (bool) {
        if (trade.length != TRADE_BYTES) revert BadRecord(trade.length);
        bytes32 node = keccak256(abi.encodePacked(intervalId, trade));
        for (uint256 i = 0; i < proof.length; i++) {
            bytes32 p = proof[i];
            node = node < p ? keccak256(abi.encodePacked(node, p)) : keccak256(abi.encodePacked(p, node));
        }
        return intervals[intervalId].batchCount != 0 && node == intervals[intervalId].merkleRoot;
    }
}
