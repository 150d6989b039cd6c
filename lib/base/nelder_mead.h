/* nelder_mead.h — derivative-free minimisation of a smooth function of a
 * few unbounded variables (Nelder & Mead 1965, with the standard
 * coefficients: reflection 1, expansion 2, contraction 1/2, shrink 1/2).
 * Used where a gradient is not worth writing, e.g. fitting the four
 * smoothing parameters of Holt-Winters (model/holtwinters.h); bounded
 * parameters are mapped onto the real line by the caller. */
#ifndef SA_NELDER_MEAD_H
#define SA_NELDER_MEAD_H

#include <stddef.h>

#define NELDER_MEAD_MAX_DIM 8

/* The function to minimise: f(x[0..n-1], ctx). A non-finite value counts
 * as +infinity (the simplex moves away from it). */
typedef double (*nelder_mead_fn)(const double *x, void *ctx);

/* Minimises f from the start point x (n values, 1 <= n <=
 * NELDER_MEAD_MAX_DIM) over an initial simplex of x and x + step·e_i.
 * Stops after max_evals evaluations of f or when the spread of the
 * simplex's values is within tol·(|f_best| + tol). x receives the best
 * point. Returns the best value (+INFINITY when f was never finite), or
 * NAN when n is out of range. Deterministic. */
double nelder_mead(nelder_mead_fn f, void *ctx, double *x, size_t n, double step,
                   double tol, int max_evals);

#endif
