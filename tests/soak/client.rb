# frozen_string_literal: true

# The Ruby client of the seeded soak (tests/soak): for a set time, several
# threads call hmsd's domain actors with the messages of a workload file
# through the C ABI, and it prints what became of every call as JSON:
# replies, errors by kind, calls that outlived their deadline, and errors
# outside the taxonomy (both must stay 0).
#
#   ruby tests/soak/client.rb URL TOKEN SECONDS WORKLOAD [THREADS]

require 'json'
require_relative '../../bridges/c/ruby/lib/hms'

url, token, seconds, workload, threads = ARGV
steps = JSON.parse(File.read(workload))
slack = 2.0
until_t = Process.clock_gettime(Process::CLOCK_MONOTONIC) + Float(seconds)
now = -> { Process.clock_gettime(Process::CLOCK_MONOTONIC) }
rt = nil
while rt.nil? && now.call < until_t
  begin
    rt = HMS::Runtime.connect(url, token: token, timeout: 2)
  rescue HMS::Error
    sleep 0.2
  end
end
tally = { calls: 0, replies: 0, errors: Hash.new(0), late: 0, unknown: [], max_ms: 0.0 }
lock = Mutex.new
workers = Integer(threads || 2).times.map do |w|
  Thread.new do
    i = w
    while rt && now.call < until_t
      step = steps[i % steps.size]
      i += Integer(threads || 2)
      deadline = step['timeout_ms'] / 1000.0
      start = now.call
      outcome = begin
        rt.call(step['actor'], step['message'], timeout: deadline)
        :reply
      rescue HMS::Error => e
        HMS::KINDS.value?(e.kind) ? e.kind : "unknown #{e.kind}: #{e.message}"
      rescue StandardError => e
        "unknown #{e.class}: #{e.message}"
      end
      took = now.call - start
      lock.synchronize do
        tally[:calls] += 1
        tally[:max_ms] = [tally[:max_ms], took * 1000].max
        tally[:late] += 1 if took > deadline + slack
        case outcome
        when :reply then tally[:replies] += 1
        when Symbol then tally[:errors][outcome.to_s] += 1
        else tally[:unknown] << outcome
        end
      end
      sleep 0.02 unless outcome == :reply
    end
  end
end
workers.each(&:join)
rt&.close
puts JSON.generate(tally)
