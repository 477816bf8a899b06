// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Operated} from "./Operated.sol";

/// @title Greenex settlement: every trade of a cleared interval, on chain, once.
/// @notice One transaction per batch of an interval's trades. The trades travel in calldata, compact,
///         and are repeated in the BatchSettled event, so the chain alone suffices to rebuild them; the
///         interval's Merkle root is stored, so any single trade can be proven against it. Storing a
///         struct per trade would cost about 72,000 gas; this costs well under a thousand.
/// @dev In calldata a trade is 28 bytes: seller and buyer as participant indexes (uint32 each, assigned
///      once per participant by indexParticipants, whose event names each index's id), energy in
///      10^-6 kWh (uint64), price in 10^-6 currency units per kWh (uint64), sequence number within the
///      interval (uint32), big-endian. Since Prague a large batch pays for its calldata by size
///      (EIP-7623), so ids are not repeated in every trade.
///      The Merkle leaf is the trade's full 104-byte record: seller (bytes32, UTF-8 id, zero-padded),
///      buyer (bytes32), energy (uint64), price (uint64), sequence number (uint64), 8 zero bytes;
///      leaf = keccak256(abi.encodePacked(intervalId, record)); the tree sorts each pair.
contract GreenexSettlement is Operated {
    /// @notice The version of this contract's interface; the portal refuses a deployed contract of another one.
    uint256 public constant VERSION = 2;
    /// @notice A trade's full record, the Merkle leaf.
    uint256 public constant TRADE_BYTES = 104;
    /// @notice A trade in settleBatch's calldata.
    uint256 public constant COMPACT_TRADE_BYTES = 28;

    /// @notice Participants indexed so far; indexes 0 .. participantCount - 1 are named by ParticipantsIndexed events.
    uint32 public participantCount;


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
    /// @notice Participants `firstIndex`, `firstIndex` + 1, ... are `ids` (UTF-8, zero-padded).
    event ParticipantsIndexed(uint32 indexed firstIndex, bytes32[] ids);
    event IntervalSettled(uint64 indexed intervalId, bytes32 merkleRoot, uint32 tradeCount);

    event AuditAnchored(uint64 indexed seq, bytes32 hash);
    error BadRecord(uint256 length);
    error StaleAnchor(uint64 seq, uint64 last);
    error BatchAlreadySettled(uint64 intervalId, uint32 batchNo);
    error RootMismatch(uint64 intervalId, bytes32 stored, bytes32 given);
    error BatchCountMismatch(uint64 intervalId, uint32 stored, uint32 given);
    error BadBatch(uint64 intervalId, uint32 batchNo, string reason);
    error IndexMismatch(uint32 given, uint32 next);
    error UnknownParticipant(uint64 intervalId, uint32 index);

    constructor(address operator_) Operated(operator_) {}


    /// @notice Anchors the audit log's head: row `seq` has hash `hash`. Sequence numbers only grow.
    function anchorAudit(uint64 seq, bytes32 hash) external onlyOperator {
        if (seq <= lastAuditSeq) revert StaleAnchor(seq, lastAuditSeq);
        lastAuditSeq = seq;
        auditAnchors[seq] = hash;
        emit AuditAnchored(seq, hash);
    }

    /// @notice Names the next participants' indexes; `firstIndex` must be the next free one (a retry after an
    ///         unconfirmed call cannot index anyone twice).
    function indexParticipants(uint32 firstIndex, bytes32[] calldata ids) external onlyOperator {
        if (firstIndex != participantCount) revert IndexMismatch(firstIndex, participantCount);
        participantCount += uint32(ids.length);
        emit ParticipantsIndexed(firstIndex, ids);
    }

    /// @notice Records one batch of an interval's trades (compact records, each naming indexed participants).
    ///         A batch can be settled once only.
    function settleBatch(uint64 intervalId, uint32 batchNo, uint32 batchCount, bytes32 merkleRoot, bytes calldata trades) external onlyOperator {
        if (batchCount == 0 || batchNo >= batchCount) revert BadBatch(intervalId, batchNo, "batch number out of range");
        if (trades.length == 0 || trades.length % COMPACT_TRADE_BYTES != 0) revert BadBatch(intervalId, batchNo, "trades are not whole records");
        uint32 known = participantCount;
        for (uint256 off = 0; off < trades.length; off += COMPACT_TRADE_BYTES) {
            uint32 seller = uint32(bytes4(trades[off:off + 4]));
            uint32 buyer = uint32(bytes4(trades[off + 4:off + 8]));
            if (seller >= known) revert UnknownParticipant(intervalId, seller);
            if (buyer >= known) revert UnknownParticipant(intervalId, buyer);
        }
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
        it.tradeCount += uint32(trades.length / COMPACT_TRADE_BYTES);
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
