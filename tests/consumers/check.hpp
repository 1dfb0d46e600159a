#ifndef RAPPORT_CONSUMER_CHECK_HPP
#define RAPPORT_CONSUMER_CHECK_HPP

/// Scores a request, round-trips the network through JSON and catches a rapport::Error; 0 if all went
/// as expected, 1 (with a message on stderr) otherwise.
int check_rapport();

#endif  // RAPPORT_CONSUMER_CHECK_HPP
