package org.sluis.core.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NodeIdTest {

    @Nested
    class Construction {

        @Test
        void rejects_a_negative_level_saying_what_it_found() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NodeId(-1, 0));
            assertTrue(e.getMessage().contains("found level=-1"), e.getMessage());
        }

        @Test
        void rejects_a_level_above_62() {
            assertThrows(IllegalArgumentException.class, () -> new NodeId(63, 0));
        }

        @Test
        void rejects_a_negative_index() {
            assertThrows(IllegalArgumentException.class, () -> new NodeId(0, -1));
        }

        @Test
        void rejects_a_node_that_would_end_beyond_the_largest_tree_size() {
            assertThrows(IllegalArgumentException.class, () -> new NodeId(0, Long.MAX_VALUE));
            assertThrows(IllegalArgumentException.class, () -> new NodeId(62, 1));
        }

        @Test
        void accepts_the_last_nodes_that_fit() {
            assertEquals(Long.MAX_VALUE, new NodeId(0, Long.MAX_VALUE - 1).end());
            assertEquals(1L << 62, new NodeId(62, 0).end());
        }
    }

    @Nested
    class Coverage {

        @Test
        void covers_index_shifted_by_level_up_to_the_next_index() {
            NodeId node = new NodeId(3, 5);

            assertEquals(40, node.begin());
            assertEquals(48, node.end());
            assertEquals(8, node.size());
        }

        @Test
        void a_leaf_covers_exactly_itself() {
            NodeId leaf = NodeId.leaf(9);

            assertEquals(9, leaf.begin());
            assertEquals(10, leaf.end());
        }
    }

    @Nested
    class Navigation {

        @Test
        void the_parent_covers_both_children() {
            assertEquals(new NodeId(2, 2), new NodeId(1, 4).parent());
            assertEquals(new NodeId(2, 2), new NodeId(1, 5).parent());
        }

        @Test
        void the_sibling_shares_the_parent() {
            assertEquals(new NodeId(1, 5), new NodeId(1, 4).sibling());
            assertEquals(new NodeId(1, 4), new NodeId(1, 5).sibling());
        }
    }
}
