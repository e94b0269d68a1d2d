// The voter model and its two samplers, for code that uses all of them
// (the engine, the statistical tests): voters/voter_model.h (the model and a
// run's state), voters/expander.h (the fast sampler), voters/reference_sampler.h
// (voter by voter), voters/draws.h (binomial and multinomial draws).
#pragma once

#include "voters/draws.h"
#include "voters/expander.h"
#include "voters/reference_sampler.h"
#include "voters/voter_model.h"
